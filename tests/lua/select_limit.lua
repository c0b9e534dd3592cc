-- Run by test_select.lua as `chiso --max-memory 64M --trust select_limit.lua`:
-- a column used for many equalities while the memory limit is near (its
-- index, 400 KB, would take more than half of what is left) gets no index,
-- and the run goes on; with room again, it gets one. Prints the bytes each
-- run of lookups kept.
local base = chiso.memory()
local years = {}
for i = 1, 100000 do years[i] = 1925 + (i - 1) % 100 end
local d = chiso.dataset{ {"year", years} }
years = nil
collectgarbage(); collectgarbage()
local limit = base + 64 * 1024 * 1024
local filler = {}
while limit - chiso.memory() > 600 * 1024 do
  filler[#filler + 1] = string.rep(string.char(65 + #filler % 26) .. #filler, 8000)
end
collectgarbage(); collectgarbage()
local function lookups()
  local before = chiso.memory()
  for y = 1925, 1944 do assert(#d:where("year", "==", y) == 1000) end
  collectgarbage(); collectgarbage()
  return chiso.memory() - before
end
print("near the limit", lookups())
filler = nil
collectgarbage(); collectgarbage()
print("with room", lookups())
