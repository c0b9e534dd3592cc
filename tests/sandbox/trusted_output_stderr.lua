-- trust: yes
-- status: 7
-- expect: output limit reached
-- flags: --max-output 1K
-- Standard error counts too.
while true do io.stderr:write(("e"):rep(100), "\n") end
