-- The benchmark's workload in chiso: a panel of entity,region,year,score,score2
-- loaded, ranked, lagged and summarised in six timed phases, with the answers
-- written in the canonical text form that bench/duckdb.js and bench/pandas.py
-- write too (docs/benchmark.md describes it), so bench/run can compare them.
--
-- Phase times go to standard output as "phase <name> <seconds>" lines and
-- "total <seconds>" (from the start of the load to the end of the last phase);
-- the answers, computed from the phases' results after the clock stops, go to
-- the file OUT.
--
--   chiso --trust bench/workload.lua bench/data/panel-2m.csv /tmp/chiso.txt

local csv_path, out_path = arg[1], arg[2]
if not csv_path or not out_path then
  io.stderr:write("usage: chiso --trust bench/workload.lua PANEL.csv ANSWERS.txt\n")
  os.exit(2)
end

-- The phases' clock and the answers' form, shared with the other workload.
local answers = dofile((arg[0]:match("^(.*)/") or ".") .. "/answers.lua")
local phases = answers.phases()
local phase = phases.run

-- (1) Load, every column's type inferred from its values.
local panel = phase("load", function()
  return assert(chiso.read_csv(csv_path, {progress = false}))
end)

-- (2) The rank of each score within its year, the highest 1, ties sharing the lowest place.
local ranked = phase("rank", function()
  return panel:rank("score", {by = "year", desc = true, ties = "min", name = "rank"})
end)

-- (3) The entity's rank in the previous year (by time, so a missing year gives
-- null) and the change, positive for a rise (rank 10 to rank 4 is +6).
local moved = phase("lag", function()
  local lagged = ranked:lag("rank", {by = "entity", time = "year", name = "rank_lag"})
  return lagged:mutate("change", lagged:col("rank_lag") - lagged:col("rank"))
end)

-- (4) The ten biggest risers of the last year, ties in order of entity.
local last_year = nil
local risers = phase("risers", function()
  last_year = moved.year:max()
  return moved:where{ {"year", "==", last_year}, {"change", "not_null"} }
    :sort({"change", desc = true}, "entity"):head(10)
end)

-- (5) Pearson's and Spearman's correlation of score with score2 in each year,
-- with the number of rows behind them: correlations per group are an aggregate.
local correlations = phase("cor", function()
  return panel:group_by("year"):agg{
    {"n", "count"},
    {"pearson", "cor", "score", "score2"},
    {"spearman", "cor", "score", "score2", method = "spearman"},
  }
end)

-- (6) The mean score of each region in each year.
local means = phase("mean", function()
  return panel:group_by("region", "year"):agg{ {"mean_score", "mean", "score"} }
end)

phases.print()

-- The answers -----------------------------------------------------------------

local out = answers.open(out_path)
local line, rows_of = out.line, out.rows

out.write("# rows\n")
line(#panel)
-- A check on the rank and lag phases over every year, not only the last.
out.write("# years\n")
rows_of(moved:group_by("year"):agg{
  {"rows", "count"}, {"rank_sum", "sum", "rank"}, {"lagged", "count", "rank_lag"},
  {"change_sum", "sum", "change"},
}, {"year", "rows", "rank_sum", "lagged", "change_sum"})
out.write("# risers\n")
rows_of(risers, {"entity", "region", "year", "score", "rank", "rank_lag", "change"})
out.write("# cor\n")
rows_of(correlations, {"year", "n", "pearson", "spearman"})
out.write("# mean\n")
rows_of(means, {"region", "year", "mean_score"})
out.close()
