-- status: 7
-- expect: sandbox: output limit reached
-- flags: --max-output 10K
-- Printing on after the limit, each print under pcall.
while true do pcall(print, ("z"):rep(500)) end
