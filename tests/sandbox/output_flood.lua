-- flags: --max-output 100K
-- status: 7
-- expect: sandbox: output limit reached
while true do print(string.rep("x", 1000)) end
