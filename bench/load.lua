-- The load alone, for bench/load_pairs: chiso.read_csv of one file, every
-- column's type inferred, timed inside the process as libcsv_floor times its
-- parse. Prints "<seconds> <rows> <threads> <cpu seconds>": threads, how many read it;
-- cpu seconds, the CPU time of the load in all threads (os.clock).
--
--   chiso --trust bench/load.lua bench/data/panel-2m.csv

local path = arg[1]
if not path then
  io.stderr:write("usage: chiso --trust bench/load.lua FILE.csv\n")
  os.exit(2)
end
local start, cpu = chiso.clock(), os.clock()
local ds, report = assert(chiso.read_csv(path, {progress = false, quiet = true}))
local wall = chiso.clock() - start
print(string.format("%.6f %d %d %.6f", wall, ds:nrow(), report.threads or 1, os.clock() - cpu))
