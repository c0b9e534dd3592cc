-- status: 6
-- flags: --timeout 1
-- expect: sandbox: time limit reached
-- The same backtracking under pcall, in a loop: nothing is caught, the
-- process is killed from outside.
while true do
  pcall(string.match, ("a"):rep(35), ("a*"):rep(25) .. "b")
end
