-- status: 7
-- expect: sandbox: output limit reached
-- flags: --max-output 1K
-- An error object whose __tostring makes a huge message.
error(setmetatable({}, {__tostring = function() return ("y"):rep(10000000) end}))
