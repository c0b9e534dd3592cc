-- flags: --timeout 1
-- status: 6
-- expect: sandbox: time limit reached
-- An infinite loop whose time-limit error a pcall catches, again and again.
while true do
  pcall(function() while true do end end)
end
