-- sipas_correlation.lua: PAR INDEX against SIPAS (or the PAPI total) across provinces.
--
-- Shows how closely the provinces' PAR INDEX scores go with their SIPAS
-- scores (or PAPI totals with --with papi), for one year and for all years
-- pooled: Pearson and Spearman coefficients with p-values, 95% intervals
-- and n; the least squares line; a scatter chart with the line and r and p
-- (in md and html output); and the provinces furthest from the line.
-- Provinces are matched on their canonical names and the year, and only
-- provinces with both scores count: the figures rest on those few, and the
-- bundled tables are incomplete, so the report says how many there are.
-- Pooled PAPI figures take only the years whose totals sum as many
-- dimensions as the chosen year's (6 to 2017, 8 from 2018).
-- With --province or --region, those provinces are the ones marked and
-- named on the scatter, and listed with their residuals (a named province
-- without both scores is said to be so); the figures stay over every
-- province with both scores, as a region alone would leave too few.
--
-- Options:
--   --with sipas|papi  the index to set against the PAR INDEX (default sipas)
--   --year Y      the year (default: the latest in which at least 3
--                 provinces have both scores)
--   --top N       how many provinces furthest from the line (default 5)
--   --province P  a province to single out, in any common spelling
--                 (repeatable, or names separated by commas)
--   --region R    single out the provinces of a socio-economic region
--                 ("Tây Nguyên", "dong nam bo", ĐBSCL)
--   --format F    text, md, csv, json, html or xlsx (csv: the coefficients;
--                 xlsx: a sheet per table)
--   --out FILE    write the report to FILE
--   --csv-dialect D  plain (default) or excel-vn (for Excel in Vietnamese)
--   --lang L      vi (default) or en
--   --help        this text
--
-- Example:  chiso run sipas_correlation --year 2023
--           chiso run sipas_correlation --with papi --lang en --out papi.html
--           chiso run sipas_correlation --year 2023 --province "Hà Nội,Thái Bình"

local cli = require "chiso.cli"
local report = require "chiso.report"
local indices = require "chiso.indices"
local correlation = require "chiso.correlation"
local i18n = require "chiso.i18n"

local opts = cli.parse(arg, {"year", "province", "region", "format", "out", "lang"}, {
  with = {kind = "choice", choices = {"sipas", "papi"}, default = "sipas",
          help = "sipas or papi: the index set against the PAR INDEX"},
  top = {kind = "int", default = 5, help = "how many provinces furthest from the line"},
})

local lang = opts.lang
local stop = cli.stop

if opts.top < 1 then
  stop(i18n.t("script_top_min", lang))
end
local provinces, merged = cli.provinces(opts.province, lang)
local region = cli.region(opts.region, lang)
local result, problem = correlation.compute{with = opts.with, year = opts.year, top = opts.top,
  provinces = opts.province and provinces or nil, region = region, lang = lang}
if not result then
  stop(problem)
end

local title = i18n.t("cor_title", lang, indices.label(indices.resolve("par"), lang),
  indices.label(indices.resolve(opts.with), lang))
local doc = report.new{title = title, lang = lang}
for _, note in ipairs(merged) do
  doc:note(note)
end
correlation.add_to(doc, result, cli.section_options(opts))
cli.output(doc, opts)
