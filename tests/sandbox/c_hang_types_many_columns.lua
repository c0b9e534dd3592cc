-- status: 6
-- expect: caught: sandbox: time limit reached
-- flags: --timeout 1
-- Option 'types' naming each of 100000 columns: a reader that looked each
-- name up along the header did 5e9 comparisons in one call, with no look at
-- the deadline, and was killed from outside. Linear, the lookup is over at
-- once and the reader stops at the deadline in its rows, where the report
-- catches the error.
local n = 100000
local names, types = {}, {}
for i = 1, n do
  names[i] = "c" .. i
  types[names[i]] = "int"
end
local text = table.concat(names, ",") .. "\n" .. (("1,"):rep(n - 1) .. "1\n"):rep(100)
while true do
  local ok, err = pcall(chiso.parse_csv, text, {types = types, quiet = true})
  if not ok then
    print("caught: " .. err)
    return
  end
end
