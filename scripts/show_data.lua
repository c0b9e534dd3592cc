-- show_data.lua: every CSV file under the data folder, printed as a table.
--
-- Shows what the bundled datasets hold.
--
-- Options: an optional folder to show instead of the bundled data.
-- Example:  chiso run show_data
--           chiso run show_data ~/official-tables

local lfs = require "lfs"
local cli = require "chiso.cli"

local _, folders = cli.parse(arg, {})
local root = folders[1] or chiso.paths.data

-- Every .csv file below dir, in name order.
local function csv_files(dir, found)
  found = found or {}
  local names = {}
  for name in lfs.dir(dir) do
    if name ~= "." and name ~= ".." then
      names[#names + 1] = name
    end
  end
  table.sort(names)
  for _, name in ipairs(names) do
    local path = dir .. "/" .. name
    local mode = lfs.attributes(path, "mode")
    if mode == "directory" then
      csv_files(path, found)
    elseif mode == "file" and name:lower():match("%.csv$") then
      found[#found + 1] = path
    end
  end
  return found
end

if lfs.attributes(root, "mode") ~= "directory" then
  error(string.format("'%s' is not a folder", root), 0)
end

local files = csv_files(root)
for i, path in ipairs(files) do
  local data = assert(chiso.read_csv(path))
  local shown = path:sub(#root + 2)
  print(string.format("%s%s", i > 1 and "\n" or "", shown))
  print(data)
end
print(string.format("\n%d CSV files in %s", #files, root))
