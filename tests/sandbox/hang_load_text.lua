-- status: 6
-- expect: sandbox: time limit reached
-- flags: --timeout 1 --max-memory 512M
-- Compiling big text: the parser runs no hook.
local chunk = ("local a = 1 + 2 * 3 "):rep(2000000)
while true do load(chunk) end
