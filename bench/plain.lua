-- The benchmark's second workload in chiso: the panel work written the plain
-- way, as docs/ teaches it (a loop of `where` per year with
-- chiso.stats.cor, `mutate` with a row function, a join of the entity table,
-- a pivot of years to columns), in five timed phases, with the answers written
-- in the canonical text form that bench/plain_duckdb.js, bench/plain_polars.js
-- and bench/plain_pandas.py write too (docs/benchmark.md), so bench/run can
-- compare them.
--
-- Phase times go to standard output as "phase <name> <seconds>" lines and
-- "total <seconds>"; the answers, computed after the clock stops, go to OUT.
--
--   chiso --trust bench/plain.lua build/bench/data/panel-2m.csv \
--     build/bench/data/entities-2m.csv /tmp/chiso.txt

local panel_path, entities_path, out_path = arg[1], arg[2], arg[3]
if not panel_path or not entities_path or not out_path then
  io.stderr:write("usage: chiso --trust bench/plain.lua PANEL.csv ENTITIES.csv ANSWERS.txt\n")
  os.exit(2)
end

-- The phases' clock and the answers' form, shared with the other workload.
local answers = dofile((arg[0]:match("^(.*)/") or ".") .. "/answers.lua")
local phases = answers.phases()
local phase = phases.run

-- (1) The panel and the table of entities (province, population).
local loaded = phase("load", function()
  return {assert(chiso.read_csv(panel_path, {progress = false})),
          assert(chiso.read_csv(entities_path, {progress = false}))}
end)
local panel, entities = loaded[1], loaded[2]

-- (2) Year by year: the rows, the mean score and Pearson's r of score with score2.
local years = phase("years", function()
  local list = {}
  for year = panel.year:min(), panel.year:max() do
    local rows = panel:where("year", "==", year)
    local cor = chiso.stats.cor(rows.score, rows.score2)
    list[#list + 1] = {year, #rows, rows.score:mean(), cor.r}
  end
  return list
end)

-- (3) A band for every row from its score, then the rows and mean score of each band.
local bands = phase("band", function()
  local banded = panel:mutate("band", function(row)
    if row.score >= 75 then
      return "high"
    elseif row.score >= 50 then
      return "middle"
    end
    return "low"
  end)
  return banded:group_by("band"):agg{ {"rows", "count"}, {"mean_score", "mean", "score"} }
end)

-- (4) Each row's province from the entity table (entities not in it are left
-- out), then the rows, entities and mean score of each province.
local provinces = phase("join", function()
  return panel:join(entities, {on = "entity"}):group_by("province"):agg{
    {"rows", "count"}, {"entities", "n_distinct", "entity"}, {"mean_score", "mean", "score"},
  }
end)

-- (5) One row per entity, one column of scores per year.
local wide = phase("pivot", function()
  return panel:pivot_wider{id = "entity", names = "year", values = "score"}
end)

phases.print()

-- The answers -----------------------------------------------------------------

local out = answers.open(out_path)
local line, rows_of = out.line, out.rows

out.write("# rows\n")
line("panel", "entities")
line(#panel, #entities)
out.write("# years\n")
line("year", "rows", "mean_score", "pearson")
for _, y in ipairs(years) do line(y[1], y[2], y[3], y[4]) end
out.write("# bands\n")
rows_of(bands, {"band", "rows", "mean_score"})
out.write("# provinces\n")
rows_of(provinces, {"province", "rows", "entities", "mean_score"})
-- The wide table's shape, and each year's column: how many values, their sum.
out.write("# wide\n")
line("rows", "columns")
line(#wide, wide:ncol())
line("year", "values", "sum_score")
for _, name in ipairs(wide:names()) do
  if name ~= "entity" then
    local column = wide:col(name)
    line(math.tointeger(tonumber(name)), column:count(), column:sum())
  end
end
out.close()
