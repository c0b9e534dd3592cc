-- status: 6
-- expect: sandbox: time limit reached
-- flags: --timeout 1
-- A plain find of a long needle that almost matches everywhere.
local hay = ("a"):rep(2000000)
local needle = ("a"):rep(1000000) .. "b"
print(hay:find(needle, 1, true))
