-- status: 6
-- expect: time limit reached
-- flags: --timeout 2
-- ds:distinct over 100,000 columns named in one list, and the same list
-- checked for repeats: counted, not compared pair by pair.
local cols, names = {}, {}
for c = 1, 100000 do
  names[c] = "c" .. c
  cols[c] = {names[c], {c % 7, c % 5}}
end
local d = chiso.dataset(cols)
while true do d:distinct(names) end
