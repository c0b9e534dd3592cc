-- trust: yes
-- status: 5
-- expect: memory limit reached
-- flags: --max-memory 32M --timeout 40
-- Catching the memory limit and carrying on does not work in a trusted run either.
local t = {}
for _ = 1, 1000 do
  pcall(function() for i = 1, 1e9 do t[#t + 1] = ("m"):rep(1000) .. i end end)
  t = {}
end
print("carried on")
