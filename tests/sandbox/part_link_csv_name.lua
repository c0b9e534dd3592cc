-- setup: part-link
-- expect: writes csv only to a file whose name ends in .csv, .tsv or .txt, not to
-- Writing to the pre-placed link out/report.csv.part itself (a link to a file outside --out).
local out = arg[#arg]
chiso.dataset{a = {1, 2}}:to_csv(out .. "/report.csv.part")
