-- expect: writes csv only to a file whose name ends in .csv, .tsv or .txt, not to
-- CSV cells holding markup, written to a .html name.
local out = arg[#arg]
chiso.dataset{a = {"<img src=http://127.0.0.1:9/x onerror=alert(1)>"}}:to_csv(out .. "/data.html")
