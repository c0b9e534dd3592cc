-- status: 6
-- expect: sandbox: time limit reached (--timeout 1 s)
-- flags: --timeout 1
-- A pattern that backtracks for ever inside string.find: C code that never
-- returns to Lua, so no hook sees it; the parent's clock ends the process.
print(("a"):rep(40):find(("a*"):rep(30) .. "b"))
