-- flagship.lua: the main report: the latest PAR INDEX movers and the PAR INDEX-SIPAS correlation.
--
-- Shows, on the terminal as text, the PAR INDEX rank changes of the latest
-- year (published ranks; only provinces ranked in both years count) and how
-- the PAR INDEX goes with SIPAS across provinces (Pearson and Spearman, the
-- fitted line, the provinces furthest from it); and writes the same report
-- as one self-contained HTML file with three charts, a map of the year's
-- scores by province (quantile classes, provinces without a score hatched),
-- a slope chart of the rank changes and the scatter with its fitted line,
-- then prints where the file is. This is what `make run` runs. The correlation is for the movers' year
-- when at least 3 provinces have both scores that year, else for the latest
-- earlier year that has them. The bundled tables are incomplete, and the
-- report says on how many provinces each figure rests.
--
-- Options:
--   --year Y      the PAR INDEX year (default: the latest with ranks)
--   --from Y      the year to compare with (default: Y - 1)
--   --top N       how many risers and fallers (default 5; more on a tie)
--   --out FILE    the HTML file (default build/chiso-report.html under
--                 the current folder, which is made if missing)
--   --lang L      vi (default) or en
--   --help        this text
--
-- Example:  chiso run flagship
--           chiso run flagship --lang en --out /tmp/report.html

local cli = require "chiso.cli"
local report = require "chiso.report"
local indices = require "chiso.indices"
local movers = require "chiso.movers"
local correlation = require "chiso.correlation"
local i18n = require "chiso.i18n"
local chart = require "chiso.chart"

local opts = cli.parse(arg, {"year", "from", "out", "lang"}, {
  top = {kind = "int", default = 5, help = "how many risers and fallers"},
})

local lang = opts.lang
local stop = cli.stop

if opts.top < 1 then
  stop(i18n.t("script_top_min", lang))
end
-- The report is HTML: a file named otherwise would be opened as what it is not.
local out_ext = opts.out and opts.out:match("^.*[^/]%.([^./]+)$")
if out_ext and out_ext:lower() ~= "html" and out_ext:lower() ~= "htm" then
  stop(i18n.t("flagship_out_html", lang, opts.out))
end

local moves, problem = movers.compute{index = indices.resolve("par"), year = opts.year,
                                      from = opts.from, top = opts.top, lang = lang}
if not moves then
  stop(problem)
end

-- The correlation of the movers' year, or of the latest earlier year with enough provinces.
local cor, why, too_few = correlation.compute{with = "sipas", until_year = moves.year, lang = lang}
if not cor and not too_few then
  stop(why)
end

-- The map of the movers' year: every score of that year, ranked in both years or not.
local function add_map(doc)
  local scores = assert(indices.load(indices.resolve("par"), lang)):where("year", "==", moves.year)
    :where("score", "not_null")
  doc:chart(chart.map{values = scores, key = "province", column = "score", lang = lang,
      title = i18n.t("flagship_map", lang, moves.year), legend_title = i18n.t("score_in", lang,
      moves.year), format = 2},
    {caption = i18n.t("flagship_map_caption", lang, moves.year, #scores)})
end

-- The whole report; with_charts adds the map, the slope chart and the scatter (HTML only).
local function build(with_charts)
  local doc = report.new{
    title = i18n.t("flagship_title", lang, moves.year),
    subtitle = i18n.t("flagship_subtitle", lang, moves.year, moves.from),
    lang = lang,
  }
  if with_charts then
    add_map(doc)
  end
  -- One map is enough here: the scores'; the movers' own report maps the rank changes.
  local section = {lang = lang, level = 2, heading = true, chart = with_charts, map = false}
  movers.add_to(doc, moves, section)
  if cor then
    section.primary = false
    correlation.add_to(doc, cor, section)
  else
    doc:note(i18n.t("flagship_no_correlation", lang, moves.year, correlation.min_pairs))
  end
  return doc
end

cli.output(build(false), {format = "text"})

local path = opts.out
if not path then
  local made, err = chiso.files.make_dir("build")
  if not made then
    stop(err, 1)
  end
  path = "build/chiso-report.html"
end
local ok, err = build(true):write("html", path)
if not ok then
  stop(i18n.t("flagship_cannot_write", lang, tostring(err)), 1)
end
print()
print(i18n.t("flagship_written", lang, path))
