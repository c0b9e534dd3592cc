-- expect: sandbox: 'debug.getregistry' is not available
-- The registry holds every loaded module, io and os among them.
local reg = debug.getregistry()
