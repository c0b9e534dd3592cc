-- status: 7
-- expect: output limit reached (--max-output 2097152 bytes)
-- flags: --max-output 2M
-- A workbook of 8 sheets of 40000 cells each: libxlsxwriter keeps each
-- sheet's rows (2 MB of XML) in a work file of its own until the workbook
-- closes, and the workbook itself, zipped, is small. Those work files were
-- counted by nothing (each only by RLIMIT_FSIZE), so sheets enough filled
-- the disk with 64 files of 64 MB each; together they stay within what
-- --max-output leaves.
local flags = {}
for i = 1, 20000 do flags[i] = i % 3 == 0 end
local ds = chiso.dataset{a = flags, b = flags}
local sheets = {}
for k = 1, 8 do sheets[k] = {data = ds} end
assert(chiso.write_xlsx(arg[#arg] .. "/book.xlsx", sheets))
