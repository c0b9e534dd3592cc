-- The load alone, for bench/load_pairs: chiso.read_csv of one file, every
-- column's type inferred, timed inside the process as libcsv_floor times its
-- parse. Prints "<seconds> <rows> <threads>" (threads: how many read it).
--
--   chiso --trust bench/load.lua bench/data/panel-2m.csv

local path = arg[1]
if not path then
  io.stderr:write("usage: chiso --trust bench/load.lua FILE.csv\n")
  os.exit(2)
end
local start = chiso.clock()
local ds, report = assert(chiso.read_csv(path, {progress = false, quiet = true}))
print(string.format("%.6f %d %d", chiso.clock() - start, ds:nrow(), report.threads or 1))
