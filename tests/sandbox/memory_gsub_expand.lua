-- status: 5
-- expect: sandbox: memory limit reached
-- flags: --max-memory 64M --timeout 40
-- A replacement that multiplies the text a thousand times in one gsub.
local s = ("x"):rep(1000000)
print(#s:gsub("x", ("y"):rep(1000)))
