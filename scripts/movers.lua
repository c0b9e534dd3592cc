-- movers.lua: year-over-year rank and score changes of an index, biggest risers and fallers.
--
-- Shows, for the provinces ranked in both of two years, the rank each year,
-- the change ("tăng 7 bậc" / "up 7 places") and the score change; the
-- biggest risers and fallers; and how many provinces had a rank in both
-- years. Ranks are the published ones (PAR INDEX, SIPAS): with some 40 of 63
-- provinces known, ranking the known scores again would give wrong places.
-- PAPI publishes scores only, so its ranks are computed per year over the
-- provinces with a complete score, and the report says over how many. A
-- province without a rank in either year is not counted; absent is never zero.
-- With --province, a section on the provinces named, whatever their place
-- (one without a rank in a year is said to be so), with their own slope
-- chart, and outlined on the map; with --region, the movers of that region
-- only, ranked as they are nationally.
--
-- Options:
--   --index par|sipas|papi|papi:<dimension>
--                 the index (default par); papi is the PAPI total, and a
--                 dimension is a code C01..C08 or its name (papi:C08,
--                 papi:e-governance, "papi:quản trị điện tử")
--   --year Y      the year to report (default: the latest with ranks)
--   --from Y      the year to compare with (default: Y - 1)
--   --top N       how many risers and fallers to list (default 10; more
--                 when provinces tie with the N-th)
--   --province P  a province to report on, in any common spelling
--                 (repeatable: --province "Lạng Sơn" --province HN, or
--                 "Lạng Sơn,HN"); csv then writes these provinces' rows
--   --region R    the movers of one socio-economic region only ("Tây
--                 Nguyên", "tay nguyen", ĐBSCL); ranks stay the national ones
--   --format F    text, md, csv, json, html or xlsx (csv: every province
--                 ranked in both years, as data; xlsx: a sheet per table)
--   --out FILE    write the report to FILE
--   --csv-dialect D  plain (default) or excel-vn (for Excel in Vietnamese)
--   --lang L      vi (default) or en
--   --help        this text
--
-- Example:  chiso run movers --year 2023
--           chiso run movers --index papi:C04 --top 5 --lang en
--           chiso run movers --year 2023 --from 2021 --out movers.html
--           chiso run movers --year 2023 --province "Lạng Sơn" --province "Cao Bằng"
--           chiso run movers --year 2023 --region "Tây Nguyên"

local cli = require "chiso.cli"
local report = require "chiso.report"
local indices = require "chiso.indices"
local movers = require "chiso.movers"
local i18n = require "chiso.i18n"
local vn = require "chiso.vn"

local opts = cli.parse(arg, {"index", "year", "from", "top", "province", "region", "format",
  "out", "lang"})

local lang = opts.lang
local stop = cli.stop

if opts.top < 1 then
  stop(i18n.t("script_top_min", lang))
end
local index, problem = indices.resolve(opts.index, lang)
if not index then
  stop(problem)
end
local provinces, merged = cli.provinces(opts.province, lang)
local region = cli.region(opts.region, lang)
local result
result, problem = movers.compute{index = index, year = opts.year, from = opts.from, top = opts.top,
  region = region, provinces = opts.province and provinces or nil, lang = lang}
if not result then
  stop(problem)
end

local title = region
  and i18n.t("movers_title_region", lang, indices.label(index, lang), result.from, result.year,
    vn.region(region, lang))
  or i18n.t("movers_title", lang, indices.label(index, lang), result.from, result.year)
local doc = report.new{title = title, lang = lang}
for _, note in ipairs(merged) do
  doc:note(note)
end
movers.add_to(doc, result, cli.section_options(opts))
cli.output(doc, opts)
