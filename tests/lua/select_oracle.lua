-- The oracle of test_select.lua's randomized case, run by the plain `lua5.4`
-- interpreter, not by chiso: it reads columns and conditions from a Lua data
-- file and prints, for each query, the row numbers (1-based) where every
-- condition holds, one query a line, as Lua's own operators decide it.
--
--   lua5.4 tests/lua/select_oracle.lua DATA.lua
--
-- DATA.lua returns {columns = {name = {values...}}, nrow = n, queries =
-- { { {name, op, value}, ... }, ... }}; a null is the string "\0null" (no
-- value of the test data is that string), NaN is 0/0.

local data = dofile(arg[1])
local NULL = "\0null"

-- Booleans order false before true, as chiso orders them; Lua itself has no < on them.
local function number(v)
  if type(v) == "boolean" then return v and 1 or 0 end
  return v
end

local function holds(v, op, x)
  if v == NULL then
    return op == "is_null"
  end
  if op == "is_null" then return false end
  if op == "not_null" then return true end
  if op == "in" then
    for _, y in ipairs(x) do
      if y ~= NULL and v == y then return true end
    end
    return false
  end
  v, x = number(v), number(x)
  if op == "==" then return v == x end
  if op == "~=" or op == "!=" then return v ~= x end
  if op == "<" then return v < x end
  if op == "<=" then return v <= x end
  if op == ">" then return v > x end
  if op == ">=" then return v >= x end
  error("unknown operator " .. op)
end

for _, query in ipairs(data.queries) do
  local rows = {}
  for i = 1, data.nrow do
    local pass = true
    for _, cond in ipairs(query) do
      if not holds(data.columns[cond[1]][i], cond[2], cond[3]) then
        pass = false
        break
      end
    end
    if pass then rows[#rows + 1] = i end
  end
  print(table.concat(rows, " "))
end
