-- show_data.lua: every CSV file under the data folder, printed as a table.
--
-- Shows what the bundled datasets hold.
--
-- Options: an optional folder to show instead of the bundled data;
--   --lang L   vi (the default) or en, for the messages
-- Example:  chiso run show_data
--           chiso run show_data ~/official-tables

local cli = require "chiso.cli"
local i18n = require "chiso.i18n"

local opts, folders = cli.parse(arg, {"lang"})
local root = folders[1] or chiso.paths.data

if chiso.files.kind(root) ~= "directory" then
  cli.stop(i18n.t("show_data_not_folder", opts.lang, root))
end

-- Every .csv file below the folder, in name order.
local files = assert(chiso.files.find(root, "%.[cC][sS][vV]$"))
for i, path in ipairs(files) do
  local data = assert(chiso.read_csv(path))
  local shown = path:sub(#root + 2)
  print(string.format("%s%s", i > 1 and "\n" or "", shown))
  print(data)
end
print()
print(i18n.t("show_data_count", opts.lang, #files, root))
