-- trust: yes
-- status: 6
-- expect: stopped in C: sandbox: time limit reached
-- Two header rows, the upper one a single cell of 200 KB (mostly spaces,
-- so the joined names stay short) carried over the 500000 columns the lower
-- one names: joining the names read the cell once per column, 1e11 bytes in
-- one call with no look at the deadline, so only the alarm half a second
-- later ended the run. The join looks at the deadline, and the reader's
-- error can be caught (a trusted run, whose standard error the report can
-- write). (A cell of 2 MB would do as well, but libcsv grows a field 128
-- bytes at a time, which under the sanitizers copies it each time.)
local n = 500000
local names = {}
for i = 1, n do names[i] = "c" .. i end
local text = "a" .. (" "):rep(200000) .. "b" .. (","):rep(n - 1) .. "\n"
  .. table.concat(names, ",") .. "\n"
local ok, err = pcall(chiso.parse_csv, text, {header_rows = 2})
io.stderr:write("stopped in C: ", tostring(ok or err), "\n")
