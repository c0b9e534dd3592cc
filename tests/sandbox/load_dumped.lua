-- expect: sandbox: 'string.dump' is not available
-- The usual route to bytecode: dump a function, load the bytes.
local bytes = string.dump(function() return os end)
load(bytes)()
