-- status: 6
-- expect: sandbox: time limit reached
-- flags: --timeout 1
-- A lazy pattern that fails from every position: quadratic work in one gsub.
local s = ("a"):rep(400000)
print((s:gsub("a-b", "")))
