-- show_data.lua: every CSV file under the data folder, printed as a table.
--
-- Shows what the bundled datasets hold.
--
-- Options: an optional folder to show instead of the bundled data.
-- Example:  chiso run show_data
--           chiso run show_data ~/official-tables

local cli = require "chiso.cli"

local _, folders = cli.parse(arg, {})
local root = folders[1] or chiso.paths.data

if chiso.files.kind(root) ~= "directory" then
  cli.stop(string.format("'%s' is not a folder", root))
end

-- Every .csv file below the folder, in name order.
local files = assert(chiso.files.find(root, "%.[cC][sS][vV]$"))
for i, path in ipairs(files) do
  local data = assert(chiso.read_csv(path))
  local shown = path:sub(#root + 2)
  print(string.format("%s%s", i > 1 and "\n" or "", shown))
  print(data)
end
print(string.format("\n%d CSV files in %s", #files, root))
