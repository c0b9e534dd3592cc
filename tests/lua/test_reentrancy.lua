-- Re-entrancy: Lua code that a C method runs closes, frees or changes the
-- method's receiver or arguments. That code is an option table's __index,
-- a row function, an option value's __tostring, or a finalizer that one of
-- the method's own allocations starts. Each method must then give the
-- result it gives untouched, or a clean error saying what was closed; it
-- must never read freed memory. The last is what an AddressSanitizer build
-- (make chiso-asan; CHISO=./chiso-asan) or valgrind
-- (tests/valgrind/memcheck ./chiso ...) checks: run this file under both.
--
-- Every case is one call (`calls` below), written once with `opts(raw,
-- served, ...)` for its option tables. A plain run gives the expected
-- result. The attacks then run the same call three ways:
--   served: options are served by __index, which closes the victims (the
--           receiver, the other dataset, columns) at every lookup;
--   finalizers: the collector runs a step at nearly every allocation, and
--           objects dropped just before the call close the victims when
--           they are finalized, mid-call;
--   closed: the receiver is closed (twice) before the call.

local T = require "testing"

-- REENTRANCY_ONLY=text runs only the calls whose names contain text.
local only = os.getenv("REENTRANCY_ONLY")

local N = chiso.null

local function close(x)
  local bye <close> = x
end

-- A small panel, new each time, so closing it never harms another case.
local function panel()
  return chiso.dataset{
    {"province", {"Hà Nội", "Huế", "Cao Bằng", "Huế", "Hà Nội", "Cao Bằng"}},
    {"year", {2022, 2022, 2022, 2023, 2023, 2023}},
    {"score", {81.5, 79.25, N, 84, 80.5, 77.75}},
    {"rank", {1, 2, 3, 1, 2, 3}},
  }
end

local function regions()
  return chiso.dataset{
    {"province", {"Hà Nội", "Huế", "Cao Bằng"}},
    {"region", {"Đồng bằng sông Hồng", "Bắc Trung Bộ", "Miền núi phía Bắc"}},
  }
end

-- What a call gave, as plain values that can be compared.
local function plain(x)
  local t = type(x)
  if t == "table" then
    local out = {}
    for k, v in pairs(x) do out[k] = plain(v) end
    return out
  end
  if t ~= "userdata" or x == N then return x end
  local ok, types = pcall(function() return x:types() end)
  if ok then return {"dataset", T.contents(x), types} end
  return {"column", x:type(), x:totable()}
end

local scratch = T.tmpname(".csv")
local text = "province;year;note\nHà Nội;2022;NA\nHuế;2023;-\nHuế;2024;ok\n"

-- Each call: f(ds, other, opts) with ds the receiver and other a second
-- dataset; opts(raw, served, ...victims) makes an option table holding raw
-- and giving served's entries when asked (the attack closes ...victims then).
local calls = {
  {"ds:to_csv(opts)", function(ds, _, opts)
    return ds:to_csv(opts({}, {delimiter = ";"}, ds))
  end},
  {"ds:to_csv(path, opts)", function(ds, _, opts)
    os.remove(scratch)
    local ok = ds:to_csv(scratch, opts({}, {delimiter = "tab"}, ds))
    return {ok, T.read(scratch)}
  end},
  {"ds:to_xlsx(path, opts)", function(ds, _, opts)
    local path = scratch .. ".xlsx"
    os.remove(path)
    local ok = ds:to_xlsx(path, opts({}, {sheet = "Điểm", headers = {score = "Điểm"},
      decimals = {score = 2}}, ds))
    return {ok, (chiso.read_xlsx(path, {quiet = true}))}
  end},
  {"chiso.write_xlsx(path, sheets)", function(ds, other, opts)
    local path = scratch .. ".xlsx"
    os.remove(path)
    local ok = chiso.write_xlsx(path, {opts({}, {data = ds, sheet = "A"}, ds, other),
      opts({}, {data = other, decimals = {}}, ds, other)})
    return {ok, (chiso.read_xlsx(path, {sheet = 2, quiet = true}))}
  end},
  {"tostring(ds)", function(ds) return tostring(ds) end},
  {"ds:names, types, ncol, nrow, #ds", function(ds)
    return {ds:names(), ds:types(), ds:ncol(), ds:nrow(), #ds}
  end},
  {"ds:row and ds:rows", function(ds)
    local rows = {ds:row(2)}
    for i, row in ds:rows() do rows[#rows + 1] = {i, row} end
    return rows
  end},
  {"ds:col and ds.name", function(ds) return {ds:col("score"), ds:col(2), ds.year} end},
  {"ds:head, tail, slice", function(ds) return {ds:head(2), ds:tail(2), ds:slice(2, -2)} end},
  {"ds:where(col, op, value)", function(ds) return ds:where("score", ">", 80) end},
  {"ds:where{conditions}", function(ds)
    return ds:where{ {"province", "in", {"Huế", "Hà Nội"}}, {"score", "not_null"} }
  end},
  {"ds:where(boolean column)", function(ds) return ds:where(ds.score:gt(80)) end},
  {"ds:where(row function)", function(ds)
    return ds:where(function(row) close(ds); return row.year == 2023 end)
  end, closes = true},
  {"ds:select, drop, rename", function(ds)
    return {ds:select("year", "province"), ds:drop{"rank"}, ds:rename{score = "points"}}
  end},
  {"ds:mutate(name, function)", function(ds)
    return ds:mutate("double", function(row) close(ds); return row.rank * 2 end)
  end, closes = true},
  {"ds:mutate{...} with a function and a column", function(ds)
    local c = ds:col("rank")
    return ds:mutate{a = function(row) close(c); close(ds); return row.year end, b = c}
  end, closes = true},
  {"ds:mutate(name, column)", function(ds) return ds:mutate("again", ds.score) end},
  {"ds:sort(key, opts)", function(ds, _, opts)
    return ds:sort("province", "year", opts({}, {collate = "vi"}, ds))
  end},
  {"ds:sort{key, desc}", function(ds, _, opts)
    return ds:sort(opts({"province"}, {desc = true, collate = "vi"}, ds), "rank")
  end},
  {"ds:group_by(key, opts):agg", function(ds, _, opts)
    return ds:group_by("province", opts({}, {sort = false}, ds)):agg{m = {"mean", "score"}}
  end},
  {"gb:agg{name = {fn, col, q}}", function(ds, _, opts)
    local gb = ds:group_by("year")
    return gb:agg{
      q = opts({"quantile", "score"}, {q = 0.25}, ds, gb),
      r = opts({"cor", "score", "rank"}, {method = "spearman"}, ds, gb),
      n = {"count"},
    }
  end},
  {"gb:agg{ {name, fn, col} }", function(ds, _, opts)
    local gb = ds:group_by("province", "year")
    return gb:agg{opts({"s", "sum", "score"}, {}, ds, gb), {"m", "max", "rank"}}
  end},
  {"tostring(gb)", function(ds) return tostring(ds:group_by("province")) end},
  {"ds:join(other, opts)", function(ds, other, opts)
    return ds:join(other, opts({}, {on = "province", how = "left", suffix = {"_l", "_r"}}, ds, other))
  end},
  {"ds:pivot_wider(opts)", function(ds, _, opts)
    return ds:drop("rank"):pivot_wider(opts({}, {id = "province", names = "year", values = "score"}, ds))
  end},
  {"ds:pivot_longer(opts)", function(ds, _, opts)
    return ds:pivot_longer(opts({}, {cols = {"score", "rank"}, names_to = "what", values_to = "v",
                                     drop_nulls = true}, ds))
  end},
  {"ds:distinct", function(ds) return ds:distinct("province", {keep_all = true}) end},
  {"chiso.concat", function(ds, other)
    return {chiso.concat(ds, ds), chiso.concat{other, other, other}}
  end},
  {"ds:rank(col, opts)", function(ds, _, opts)
    return ds:rank("score", opts({}, {by = "year", desc = true, ties = "dense", na = "bottom",
                                      name = "r"}, ds))
  end},
  {"ds:rank(col, opts) replacing a column", function(ds, _, opts)
    return ds:rank("score", opts({}, {by = "year", name = "rank", replace = true}, ds))
  end},
  {"ds:mutate(name, value, opts) and ds:mutate(table, opts) replacing a column", function(ds, _, opts)
    return {ds:mutate("rank", 1, opts({}, {replace = true}, ds)),
            ds:mutate({score = ds.score, year = 2000}, opts({}, {replace = true}, ds))}
  end},
  {"ds:lag, lead, diff, pct_change(col, opts) replacing a column", function(ds, _, opts)
    local o = {by = "province", time = "year", name = "score", replace = true}
    return {ds:lag("score", opts({}, o, ds)), ds:diff("rank", opts({}, o, ds))}
  end},
  {"ds:lag, lead, diff, pct_change(col, opts)", function(ds, _, opts)
    local o = {by = "province", time = "year", step = 1}
    return {ds:lag("score", opts({}, o, ds)), ds:lead("score", opts({}, o, ds)),
            ds:diff("rank", opts({}, o, ds)), ds:pct_change("score", opts({}, o, ds))}
  end},
  {"ds:top(n, col, opts)", function(ds, _, opts)
    return ds:top(1, "score", opts({}, {by = "year", desc = false, ties = "first"}, ds))
  end},
  {"ds:cor(opts)", function(ds, _, opts)
    return ds:cor(opts({"score", "rank", "year"}, {method = "kendall"}, ds))
  end},
  {"chiso.stats.cor(x, y, opts), lm", function(ds, _, opts)
    local x, y = ds.score, ds:col("rank")
    local r = chiso.stats.cor(x, y, opts({}, {method = "spearman"}, ds, x, y))
    return {r, chiso.stats.lm(x, y)}
  end},
  {"chiso.stats.quantile, describe", function(ds)
    local x = ds.score
    return {chiso.stats.quantile(x, {0.1, 0.5}), chiso.stats.quantile(x, 0.9),
            chiso.stats.describe(ds)}
  end},
  {"column arithmetic and comparisons", function(ds)
    local a, b = ds.score, ds:col("rank")
    return {a + b, a * 2, -b, b // 2, a:ge(b), a:lt(80), (a:gt(1)) & (b:lt(3)), ~(b:eq(2))}
  end},
  {"column methods", function(ds)
    local a, p = ds.score, ds.province
    return {tostring(a), a:totable(), a:mean(), a:median(), a:quantile(0.3), a:sd(), a:min(),
            ds:col("rank"):max(), p:n_distinct(), p:isin{"Huế", "Hà Nội"}, a:is_null(), p:first(),
            a:name(), a:type(), a:nulls(), #a, a[2], p[3]}
  end},
  {"chiso.dataset from columns and arrays", function(ds)
    return chiso.dataset{score = ds.score, rank = ds:col("rank"), extra = {1, 2, 3, 4, 5, 6}}
  end},
  {"chiso.parse_csv(text, opts)", function(ds, _, opts)
    local na = {("N" .. "A"), ("-"):rep(1)}
    local o = opts({}, {delimiter = ";", na = na, types = {year = "float", note = "string"},
                        quiet = true}, ds)
    return {chiso.parse_csv(text, o)}
  end},
}

if only then
  local kept = {}
  for _, c in ipairs(calls) do
    if c[1]:find(only, 1, true) then kept[#kept + 1] = c end
  end
  calls = kept
end

-- Option tables ---------------------------------------------------------

local function plain_opts(raw, served)
  local t = {}
  for k, v in pairs(raw) do t[k] = v end
  for k, v in pairs(served) do t[k] = v end
  return t
end

-- Served by __index, which closes the victims first.
local function closing_opts(raw, served, ...)
  local victims = table.pack(...)
  local t = {}
  for k, v in pairs(raw) do t[k] = v end
  return setmetatable(t, {__index = function(_, k)
    for i = 1, victims.n do close(victims[i]) end
    return served[k]
  end})
end

-- A call's result, or false and its error.
local function attempt(f, ds, other, opts)
  local ok, result = pcall(f, ds, other, opts)
  if not ok then return false, tostring(result) end
  return true, plain(result)
end

-- A clean error says what was closed.
local function check(name, how, expected, ok, got)
  if ok then
    T.eq(got, expected, name .. " (" .. how .. ")")
  elseif not got:find("closed", 1, true) then
    error(string.format("%s (%s): error %q does not say what was closed", name, how, got))
  end
end

for _, c in ipairs(calls) do
  local name, f = c[1], c[2]
  local ok, expected = attempt(f, panel(), regions(), plain_opts)
  if c.closes then
    -- these close their receiver themselves: the plain run is an attack already
    T.case(name .. ": the callback closing the receiver gives a clean error", function()
      T.eq(ok, false, "result")
      T.truthy(expected:find("closed", 1, true), "error " .. tostring(expected))
    end)
  else
    T.case(name .. ": a plain call works", function()
      T.truthy(ok, "plain call: " .. tostring(expected))
    end)
    T.case(name .. ": options that close the receiver and arguments when read", function()
      for _ = 1, 3 do
        local a, b = attempt(f, panel(), regions(), closing_opts)
        check(name, "served", expected, a, b)
      end
    end)
  end
end

-- Finalizers mid-call ------------------------------------------------------

-- Runs f, rounds times, with the collector stepping at nearly every
-- allocation and a chain of finalizers, each making the next, so that one
-- runs at nearly every step. Inside the call, the n-th of them (n from 0
-- to 7, by round) closes the receiver and the other dataset. Returns how
-- many finalizers ran while f was running, so a run that never attacks
-- shows.
local armed, inside, countdown, victims, hits = false, false, 0, {}, 0

local function arm()
  setmetatable({}, {__gc = function()
    if inside then
      hits = hits + 1
      countdown = countdown - 1
      if countdown == 0 then
        for _, v in ipairs(victims) do close(v) end
      end
    end
    if armed then arm() end
  end})
end

local function with_finalizers(f, rounds)
  hits = 0
  armed = true
  arm()
  collectgarbage("incremental", 1, 1000, 1)
  collectgarbage() -- so the next cycle starts under these settings
  for round = 1, rounds do
    local ds, other = panel(), regions()
    victims = {ds, other}
    countdown = round % 8
    inside = true
    local ok, got = attempt(f, ds, other, plain_opts)
    inside = false
    if not ok and not got:find("closed", 1, true) then
      armed = false
      collectgarbage("incremental", 200, 100, 13)
      error(string.format("round %d: error %q does not say what was closed", round, got))
    end
  end
  armed = false
  victims = {}
  collectgarbage("incremental", 200, 100, 13)
  collectgarbage()
  return hits
end

local total_hits = 0
for _, c in ipairs(calls) do
  T.case(c[1] .. ": finalizers that close the receiver and arguments mid-call", function()
    total_hits = total_hits + with_finalizers(c[2], 24)
  end)
end

T.case("the finalizers ran inside calls (the attack above happened)", function()
  print("# finalizers mid-call: " .. total_hits)
  T.truthy(total_hits > 2 * #calls, "finalizers run mid-call: " .. total_hits)
end)

-- Closed boxes ---------------------------------------------------------------

T.case("__close and __gc twice leave a dataset that every method rejects", function()
  local ds = panel()
  local mt = getmetatable(ds)
  mt.__close(ds)
  mt.__close(ds)
  mt.__gc(ds)
  for name, method in pairs(chiso.Dataset) do
    T.raises(function() return method(ds, "score", {}) end, "closed", "ds:" .. name)
  end
  T.raises(function() return #ds end, "closed", "#ds")
  T.raises(function() return tostring(ds) end, "closed", "tostring")
  T.raises(function() return ds.score end, "closed", "ds.score")
  T.raises(function() return panel():join(ds) end, "closed", "as join's argument")
  T.raises(function() return chiso.concat(panel(), ds) end, "closed", "concat")
  T.raises(function() return chiso.concat{panel(), ds} end, "closed", "concat{}")
  T.raises(function() return chiso.stats.describe(ds) end, "closed", "describe")
end)

T.case("__close and __gc twice leave a column that every method rejects", function()
  local c = panel().score
  local mt = getmetatable(c)
  mt.__close(c)
  mt.__gc(c)
  mt.__close(c)
  for name, method in pairs(chiso.Column) do
    T.raises(function() return method(c, 0.5) end, "closed", "col:" .. name)
  end
  T.raises(function() return #c end, "closed", "#col")
  T.raises(function() return c[1] end, "closed", "col[1]")
  T.raises(function() return c + 1 end, "closed", "col + 1")
  T.raises(function() return 1 - c end, "closed", "1 - col")
  T.raises(function() return -c end, "closed", "-col")
  T.raises(function() return panel():col("rank"):gt(c) end, "closed", "as an operand")
  T.raises(function() return panel():where(c) end, "closed", "as where's column")
  T.raises(function() return panel():mutate("x", c) end, "closed", "as mutate's column")
  T.raises(function() return chiso.dataset{x = c} end, "closed", "in chiso.dataset")
  T.raises(function() return chiso.stats.quantile(c, 0.5) end, "closed", "in quantile")
  T.raises(function() return panel().province:isin{c} end, "closed", "in an isin list")
end)

T.case("__close and __gc twice leave a grouped dataset that agg rejects", function()
  local gb = panel():group_by("year")
  local mt = getmetatable(gb)
  mt.__close(gb)
  mt.__gc(gb)
  T.raises(function() return gb:agg{n = {"count"}} end, "closed", "agg")
  T.raises(function() return tostring(gb) end, "closed", "tostring")
end)

T.case("closing the grouped dataset's source leaves the group usable", function()
  local ds = panel()
  local gb = ds:group_by("year")
  close(ds)
  T.eq(gb:agg{n = {"count"}}:col("n"):totable(), {3, 3}, "counts")
end)

-- Changes and frees ----------------------------------------------------------

T.case("an option's __index that empties the na list and collects keeps the names read", function()
  local na = {}
  for i = 1, 2 do na[i] = ("x"):rep(50) .. i end -- the list holds the only copies
  local csv = "a,b\n" .. ("x"):rep(50) .. "1,1\n" .. ("x"):rep(50) .. "2,2\nz,3\n"
  local o = setmetatable({na = na}, {__index = function(_, k)
    if k == "types" then -- asked after na
      na[1], na[2] = nil, nil
      collectgarbage()
      collectgarbage()
    end
  end})
  local ds = assert(chiso.parse_csv(csv, o))
  T.eq(ds:col("a"):totable(), {N, N, "z"}, "a")
end)

T.case("types whose table grows while it is read give a clean result", function()
  local types = {a = "string"}
  collectgarbage("incremental", 1, 1000, 1)
  collectgarbage()
  for _ = 1, 20 do
    setmetatable({}, {__gc = function()
      for i = 1, 50 do types["c" .. i] = "int" end
    end})
  end
  local ok, ds = pcall(chiso.parse_csv, "a,b\n1,2\n", {types = types})
  collectgarbage("incremental", 200, 100, 13)
  T.truthy(ok, tostring(ds))
  T.truthy(ds == nil or ds:types().a == "string", "a")
end)

T.case("an agg spec changed by a request's __index gives a clean error", function()
  local ds = panel()
  local spec
  spec = {
    a = setmetatable({"mean", "score"}, {__index = function()
      spec.b = nil
      collectgarbage()
    end}),
    b = {"sum", "score"},
  }
  local ok, err = pcall(function() return ds:group_by("year"):agg(spec) end)
  T.truthy(ok or tostring(err):find("agg takes", 1, true), "result " .. tostring(err))
end)

T.case("an agg spec whose request turns into a number gives a clean error", function()
  local ds = panel()
  local spec
  spec = {
    a = setmetatable({"mean", "score"}, {__index = function() rawset(spec, "b", nil) end}),
    b = {"sum", "score"},
  }
  setmetatable(spec, {__index = function() return 42 end})
  local ok, err = pcall(function() return ds:group_by("year"):agg(spec) end)
  T.truthy(not ok and tostring(err):find("agg takes", 1, true), "error " .. tostring(err))
end)

T.case("rename's new names survive the table being emptied by a finalizer", function()
  local ds = panel()
  local new = {score = ("p"):rep(40) .. "oints"}
  collectgarbage("incremental", 1, 1000, 1)
  collectgarbage()
  setmetatable({}, {__gc = function() new.score = nil end})
  local r = ds:rename(new)
  collectgarbage("incremental", 200, 100, 13)
  T.eq(r:names(), {"province", "year", ("p"):rep(40) .. "oints", "rank"}, "names")
end)

T.case("a global table.sort replaced does not reach the methods", function()
  local sort = table.sort
  table.sort = function(t) t[1] = 42 end
  local ok, r = pcall(function() return panel():mutate{b = 1, a = 2}:names() end)
  table.sort = sort
  T.truthy(ok, tostring(r))
  T.eq(r, {"province", "year", "score", "rank", "a", "b"}, "names")
end)

T.case("a rows loop that closes its dataset stops with a clean error", function()
  local ds = panel()
  T.raises(function()
    for i, row in ds:rows() do
      if i == 2 then close(ds) end
    end
  end, "closed")
end)

T.case("__tostring of an unknown option's key that closes the receiver", function()
  local ds = panel()
  local key = setmetatable({}, {__tostring = function() close(ds); return "weird" end})
  T.raises(function() return ds:rank("score", {[key] = true}) end, "unknown option 'weird'")
  T.raises(function() return ds:nrow() end, "closed")
end)

T.case("a join's other dataset closed by the left one's __index", function()
  local ds, other = panel(), regions()
  local o = setmetatable({}, {__index = function(_, k)
    close(other)
    collectgarbage()
    if k == "on" then return "province" end
  end})
  local r = ds:join(other, o)
  T.eq(r:col("region"):totable()[1], "Đồng bằng sông Hồng", "joined")
end)

T.finish()
