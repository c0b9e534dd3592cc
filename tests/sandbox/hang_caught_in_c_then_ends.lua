-- status: 6
-- expect: time limit reached
-- flags: --timeout 1
-- A parse stopped at the deadline by the CSV reader's own check (in C, so
-- the sandbox's hook never sees it), the error caught, and the report ends
-- at once: the run must still end as stopped by the time limit, not with
-- status 0 as if it had finished.
local text = "a,b,c\n" .. ("1,Hà Nội,2.5\n2,Huế,3.5\n"):rep(1000000)
while true do
  if not pcall(chiso.parse_csv, text, {encoding = "cp1258"}) then return end
end
