-- api_driver.lua - turns fuzz bytes into calls on chiso's dataset API.
--
-- Loaded by tests/fuzz/fuzz_api.c (and by tests/lua/test_fuzz_regressions.lua
-- to replay saved inputs); returns function(bytes, fail_after). The bytes
-- first build two small datasets (names, types, values and nulls chosen from
-- short lists), then pick up to 24 calls (where, sort, select, mutate,
-- group_by and agg, join, pivots, rank, lag, top, concat, distinct, slice,
-- to_csv, parse_csv, tostring, statistics...) with arguments chosen from
-- lists that hold good values and bad ones. Every call runs under pcall, so
-- a Lua error is an expected outcome: only crashes, sanitizer reports and
-- leaks are findings. A byte may ask fail_after(n) to fail the nth
-- allocation of the next call (a no-op where the binary has no injection).
-- A result small enough becomes the dataset the next calls work on.

local chiso = chiso
local null = chiso.null
local Dataset = chiso.Dataset

local NAMES = { "a", "b", "year", "name", "value", "province", "x", "rank", "a_r", "tỉnh" }
local STRINGS = {
  "Hà Nội", "a", "b", "", "Đắk Lắk", "NA", "x,y", '"q"', "a\nb", " s ", "1", "2.5",
  "true", "Thừa Thiên Huế", "Ha Noi", "ha noi", "e\u{301}", "\xE1\xBB", "z;w",
}
local FLOATS = { 0.5, -1.25, 0 / 0, 1 / 0, -1 / 0, 0.0, -0.0, 3.0, 1e300, 2.5, 1e-310 }
local INTS = { 0, 1, -1, 2, 3, 2020, 2021, 2023, math.maxinteger, math.mininteger, 7, -3 }
local OPS = { "==", "~=", "!=", "<", "<=", ">", ">=", "in", "is_null", "not_null", "like" }
local AGGS = {
  "count", "sum", "mean", "min", "max", "sd", "var", "median", "quantile", "first",
  "last", "n_distinct", "mode",
}
local HOW = { "inner", "left", "right", "full", "semi", "anti", "cross" }
local TIES = { "min", "max", "average", "first", "dense", "all", "random" }
local METHODS = { "pearson", "spearman", "kendall", "other" }
local ARITH = { "+", "-", "*", "/", "//", "%", "^", "&", "|" }
local DELIMS = { ",", ";", "|", "tab", "", ",,", 7 }

return function(input, fail_after)
  fail_after = fail_after or function() end
  local pos = 0
  local function byte()
    pos = pos + 1
    return input:byte(pos) or 0
  end
  local function pick(list)
    return list[byte() % #list + 1]
  end
  local function chance(n) -- true about once in n
    return byte() % n == 0
  end

  local function raw_string()
    local n = byte() % 4
    local s = input:sub(pos + 1, pos + n)
    pos = pos + n
    return s
  end

  local function value_of(kind)
    if chance(5) then
      return null
    elseif kind == 0 then
      return chance(4) and byte() - 128 or pick(INTS)
    elseif kind == 1 then
      return chance(4) and (byte() - 128) / 8 or pick(FLOATS)
    elseif kind == 2 then
      return chance(6) and raw_string() or pick(STRINGS)
    elseif kind == 3 then
      return byte() % 2 == 0
    end
    return pick({ 1, "a", true, 2.5, {} }) -- mixed: chiso.dataset refuses most
  end

  local function make_dataset(nrow)
    local spec = {}
    for k = 1, 1 + byte() % 5 do
      local kind = byte() % 5 == 4 and (chance(3) and 4 or byte() % 4) or byte() % 4
      local values = {}
      for i = 1, nrow do
        values[i] = value_of(kind)
      end
      spec[k] = { pick(NAMES), values }
    end
    local ok, d = pcall(chiso.dataset, spec)
    if ok then
      return d
    end
    return chiso.dataset { { "a", { 1, 2, 2 } }, { "name", { "x", "y", null } } }
  end

  -- Every call goes through try: protected, after the failure injection asked for.
  local inject = 0
  local function try(f, ...)
    fail_after(inject)
    local ok, r, r2 = pcall(f, ...)
    fail_after(0)
    inject = 0
    if ok then
      return r, r2
    end
    return nil
  end

  local d = make_dataset(byte() % 9)
  local other = make_dataset(byte() % 6)

  local function name_of(ds)
    if chance(8) then
      return pick(NAMES) -- may be missing
    end
    local ok, names = pcall(Dataset.names, ds)
    if not ok or #names == 0 then
      return "a"
    end
    return names[byte() % #names + 1]
  end

  local function names_of(ds, max)
    local list = {}
    for k = 1, byte() % (max + 1) do
      list[k] = name_of(ds)
    end
    return list
  end

  local function names_or_one(ds)
    if chance(2) then
      return name_of(ds)
    end
    return names_of(ds, 3)
  end

  local function column_of(ds)
    local ok, c = pcall(Dataset.col, ds, name_of(ds))
    return ok and c or nil
  end

  local function some_value()
    local kind = byte() % 7
    if kind == 5 then
      local list = {}
      for k = 1, byte() % 4 do
        list[k] = value_of(byte() % 4)
      end
      return list
    elseif kind == 6 then
      return column_of(d)
    end
    return value_of(kind)
  end

  local function a_function()
    local which = byte() % 6
    local key = name_of(d)
    if which == 0 then
      return function(r) return r[key] end
    elseif which == 1 then
      return function() return true end
    elseif which == 2 then
      return function() error("raised by the fuzz driver") end
    elseif which == 3 then
      return function() return {} end
    elseif which == 4 then
      local n = 0
      return function() n = n + 1; return n % 2 == 0 and "s" or n end
    end
    return function(r) return r[key] ~= nil end
  end

  local function arith(a, b, op)
    if op == "+" then return a + b
    elseif op == "-" then return a - b
    elseif op == "*" then return a * b
    elseif op == "/" then return a / b
    elseif op == "//" then return a // b
    elseif op == "%" then return a % b
    elseif op == "^" then return a ^ b
    elseif op == "&" then return a & b
    end
    return a | b
  end

  local function column_expr()
    local a = column_of(d)
    local which = byte() % 6
    if which == 0 then
      return arith(a, some_value(), pick(ARITH))
    elseif which == 1 then
      return arith(a, column_of(d), pick(ARITH))
    elseif which == 2 then
      return a[pick({ "eq", "ne", "lt", "le", "gt", "ge" })](a, some_value())
    elseif which == 3 then
      return a:isin(names_of(d, 3))
    elseif which == 4 then
      return -a
    end
    return ~(a:is_null())
  end

  local function where()
    local form = byte() % 4
    if form == 0 then
      local op = pick(OPS)
      if op == "is_null" or op == "not_null" then
        return Dataset.where(d, name_of(d), op)
      end
      return Dataset.where(d, name_of(d), op, some_value())
    elseif form == 1 then
      local conds = {}
      for k = 1, byte() % 3 do
        conds[k] = { name_of(d), pick(OPS), some_value() }
      end
      return Dataset.where(d, conds)
    elseif form == 2 then
      return Dataset.where(d, column_expr())
    end
    return Dataset.where(d, a_function())
  end

  local function sort()
    local keys = {}
    for k = 1, 1 + byte() % 3 do
      if chance(2) then
        keys[k] = name_of(d)
      else
        keys[k] = { name_of(d), desc = chance(2), collate = pick({ "vi", "bytes", nil, "xx" }) }
      end
    end
    if chance(3) then
      keys[#keys + 1] = { collate = pick({ "vi", "bytes", "fr" }) }
    end
    return Dataset.sort(d, table.unpack(keys))
  end

  local function mutate()
    local form = byte() % 4
    if form == 0 then
      return Dataset.mutate(d, name_of(d), column_expr())
    elseif form == 1 then
      return Dataset.mutate(d, pick(NAMES), a_function())
    elseif form == 2 then
      return Dataset.mutate(d, pick(NAMES), value_of(byte() % 5))
    end
    return Dataset.mutate(d, { [pick(NAMES)] = column_expr(), [pick(NAMES)] = a_function() })
  end

  local function group_agg()
    local keys = names_of(d, 2)
    if chance(3) then
      keys[#keys + 1] = { sort = chance(2) }
    end
    local gb = Dataset.group_by(d, table.unpack(keys))
    local spec = {}
    if chance(2) then
      for k = 1, byte() % 4 do
        spec[pick(NAMES)] = { pick(AGGS), name_of(d), q = chance(2) and (byte() - 20) / 100 or nil }
      end
    else
      for k = 1, byte() % 4 do
        spec[k] = { pick(NAMES), pick(AGGS), name_of(d) }
      end
    end
    return gb:agg(spec)
  end

  local function join()
    local opts = { how = pick(HOW) }
    if chance(2) then
      opts.on = names_or_one(d)
    end
    if chance(4) then
      opts.suffix = { pick({ "", "_l", "_x" }), pick({ "_r", "", "_x" }) }
    end
    return Dataset.join(d, chance(5) and d or other, opts)
  end

  local function pivot_wider()
    local opts = { names = name_of(d), values = name_of(d) }
    if chance(2) then
      opts.id = names_of(d, 2)
    end
    return Dataset.pivot_wider(d, opts)
  end

  local function pivot_longer()
    return Dataset.pivot_longer(d, {
      cols = names_or_one(d),
      names_to = chance(2) and pick(NAMES) or nil,
      values_to = chance(2) and pick(NAMES) or nil,
      drop_nulls = chance(2),
    })
  end

  local function rank()
    return Dataset.rank(d, name_of(d), {
      by = chance(2) and names_or_one(d) or nil,
      desc = chance(2),
      ties = chance(2) and pick(TIES) or nil,
      pct = chance(3),
      na = chance(2) and pick({ "keep", "top", "bottom", "drop" }) or nil,
      name = chance(3) and pick(NAMES) or nil,
    })
  end

  local function window()
    local fn = pick({ "lag", "lead", "diff", "pct_change" })
    return Dataset[fn](d, name_of(d), {
      by = chance(2) and names_or_one(d) or nil,
      time = chance(2) and name_of(d) or nil,
      step = chance(2) and byte() % 4 - 1 or nil,
      name = chance(3) and pick(NAMES) or nil,
    })
  end

  local function top()
    return Dataset.top(d, byte() % 5 - 1, name_of(d), {
      by = chance(2) and names_or_one(d) or nil,
      desc = chance(2),
      ties = chance(2) and pick(TIES) or nil,
    })
  end

  local function distinct()
    local args = names_of(d, 2)
    if chance(2) then
      args[#args + 1] = { keep_all = chance(2) }
    end
    return Dataset.distinct(d, table.unpack(args))
  end

  local function slice()
    local which = byte() % 3
    if which == 0 then
      return Dataset.slice(d, byte() % 12 - 6, chance(2) and byte() % 12 - 6 or nil)
    elseif which == 1 then
      return Dataset.head(d, byte() % 6 - 1)
    end
    return Dataset.tail(d, byte() % 6 - 1)
  end

  local function csv_options()
    return {
      delimiter = chance(2) and pick(DELIMS) or nil,
      decimal = chance(3) and pick({ ".", ",", ";" }) or nil,
      thousands = chance(3) and pick({ "", ".", ",", " ", "'", "x" }) or nil,
      na = chance(3) and { pick(STRINGS), pick(STRINGS) } or nil,
      ragged = chance(2) and pick({ "error", "pad", "skip", "drop" }) or nil,
      types = chance(3) and { [name_of(d)] = pick({ "int", "float", "string", "bool", "date" }),
        [byte() % 4] = pick({ "int", "string" }) } or nil,
      quiet = true,
    }
  end

  local function csv_round_trip()
    local text = Dataset.to_csv(d, chance(2) and { delimiter = pick(DELIMS) } or nil)
    if chance(3) then
      text = text .. raw_string()
    end
    return chiso.parse_csv(text, chance(2) and csv_options() or { types = Dataset.types(d) })
  end

  local function parse_raw()
    local n = byte() % 48
    local text = input:sub(pos + 1, pos + n)
    pos = pos + n
    return chiso.parse_csv(text, csv_options())
  end

  local function stats()
    local which = byte() % 5
    if which == 0 then
      return chiso.stats.cor(column_of(d), column_of(d), { method = pick(METHODS) })
    elseif which == 1 then
      return Dataset.cor(d, chance(2) and { method = pick(METHODS) } or nil)
    elseif which == 2 then
      return chiso.stats.lm(column_of(d), column_of(d))
    elseif which == 3 then
      return chiso.stats.quantile(column_of(d), (byte() - 20) / 100)
    end
    return chiso.stats.describe(d)
  end

  local function column_calls()
    local c = column_of(d)
    local which = byte() % 5
    if which == 0 then
      return c[pick(AGGS)](c, (byte() - 20) / 100)
    elseif which == 1 then
      return c:totable()
    elseif which == 2 then
      return c[byte() % 10 - 2]
    elseif which == 3 then
      return tostring(c)
    end
    return column_expr()
  end

  local function rows()
    local n = 0
    for _, row in Dataset.rows(d) do
      n = n + (row[name_of(d)] and 1 or 0)
    end
    return Dataset.row(d, byte() % 10 - 2), n
  end

  local calls = {
    where, sort, mutate, group_agg, join, pivot_wider, pivot_longer, rank, window, top,
    distinct, slice, csv_round_trip, parse_raw, stats, column_calls, rows,
    function() return Dataset.select(d, table.unpack(names_of(d, 3))) end,
    function() return Dataset.drop(d, names_of(d, 2)) end,
    function() return Dataset.rename(d, { [name_of(d)] = pick(NAMES) }) end,
    function()
      if chance(3) then
        return chiso.concat(d, other, d)
      end
      return chiso.concat(d, chance(2) and other or d)
    end,
    function() return chiso.concat { d, other } end,
    function() return tostring(d) end,
    function() return tostring(Dataset.group_by(d, name_of(d))) end,
  }

  for _ = 1, 24 do
    if pos >= #input then
      break
    end
    if chance(6) then
      inject = 1 + byte() % 64
    end
    local call = calls[byte() % #calls + 1]
    local r = try(call)
    if getmetatable(r) == getmetatable(d) and chance(2) then
      local ok, n, ncol = pcall(function() return #r, r:ncol() end)
      if ok and n <= 64 and ncol <= 16 then
        d = r
      end
    end
  end
end
