-- trust: yes
-- status: 6
-- expect: time limit reached
-- flags: --timeout 1
-- C code that never returns in a trusted run: the alarm ends the process.
print(("a"):rep(40):find(("a*"):rep(30) .. "b"))
