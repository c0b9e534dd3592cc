-- expect: sandbox: 'debug.getupvalue' is not available
-- Reaching a library function's upvalues.
local name, value = debug.getupvalue(chiso.read_csv, 1)
