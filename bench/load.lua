-- chiso's load alone, timed as bench/libcsv_floor times libcsv's bare parse, so
-- bench/run can alternate the two (docs/benchmark.md, "Fairness"): prints
-- "<seconds> <rows> <processor seconds>", the wall clock's time of
-- chiso.read_csv and the processor time of every thread of the process in it.
-- CHISO_THREADS=1 in the environment keeps the load to one thread.
--
--   chiso --trust bench/load.lua build/bench/data/panel-2m.csv

local path = arg[1]
if not path then
  io.stderr:write("usage: chiso --trust bench/load.lua PANEL.csv\n")
  os.exit(2)
end
local wall, cpu = chiso.clock(), os.clock()
local panel = assert(chiso.read_csv(path, {progress = false}))
print(string.format("%.6f %d %.6f", chiso.clock() - wall, #panel, os.clock() - cpu))
