-- expect: sandbox: 'string.dump' is not available
-- string.dump reached through a string's own methods rather than the string table.
local bytes = (""):dump(function() end)
