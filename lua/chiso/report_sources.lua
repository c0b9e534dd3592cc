-- report_sources: where a report's figures come from, as chiso.report writes
-- it: the sources recorded with doc:sources, deduplicated and counted, the
-- coverage of the data, the chiso version and the date made, as the blocks
-- of the section that ends a report (text, Markdown, HTML), as a workbook's
-- sheet and as JSON's "provenance" object (docs/reports.md, doc:sources).

local i18n = require "chiso.i18n"

local M = {}

--[[
  The date a report is made, "YYYY-MM-DD": SOURCE_DATE_EPOCH's (seconds
  since 1970, in UTC: the reproducible-builds convention) when it is set,
  else today's in local time. A sandboxed report's library code gets the
  variable from the host (chiso.sandbox).
]]
function M.made_on()
  local epoch = os.getenv("SOURCE_DATE_EPOCH")
  if epoch ~= nil and epoch ~= "" then
    local seconds = epoch:match("^%s*(%d+)%s*$")
    if not seconds or #seconds > 12 then
      error(string.format("SOURCE_DATE_EPOCH must be a whole number of seconds since "
        .. "1970-01-01 UTC, not '%s'", epoch), 0)
    end
    return os.date("!%Y-%m-%d", math.tointeger(tonumber(seconds)))
  end
  return os.date("%Y-%m-%d")
end

local function version()
  local ok, chiso = pcall(require, "chiso")
  return ok and chiso.version or "?"
end

-- One source's text, trimmed; rows without one are told apart by origin.
local function source_text(row, use, lang)
  local text = row.source
  if type(text) == "string" then
    text = text:match("^%s*(.-)%s*$")
  else
    text = use.source or ""
  end
  if text == "" then
    return i18n.t(row.origin == "user" and "sources_no_source_user" or "sources_no_source", lang)
  end
  return text
end

--[[
  What the recorded uses add up to, or nil when none were recorded:
  sources (deduplicated by their text, most figures first, then by text),
  each {source, data (labels), figures, origin}; total and user figures;
  coverage, one entry per index and year; version and made.
]]
local function provenance_of(doc)
  local p = doc.provenance
  if not p then
    return nil
  end
  local by_text, sources, seen = {}, {}, {}
  local total, user = 0, 0
  local coverage, covered = {}, {}
  for _, use in ipairs(p.uses) do
    for _, row in ipairs(use.rows) do
      if row.key == nil or not seen[row.key] then
        if row.key ~= nil then
          seen[row.key] = true
        end
        local text = source_text(row, use, doc.lang)
        local entry = by_text[text]
        if not entry then
          entry = {source = text, data = {}, labels = {}, figures = 0, origin = row.origin or "bundled"}
          by_text[text] = entry
          sources[#sources + 1] = entry
        end
        if not entry.labels[use.label] then
          entry.labels[use.label] = true
          entry.data[#entry.data + 1] = use.label
        end
        entry.figures = entry.figures + 1
        total = total + 1
        user = user + (row.origin == "user" and 1 or 0)
      end
    end
    for _, c in ipairs(use.coverage) do
      local key = use.label .. "\0" .. tostring(c.year)
      if not covered[key] then
        covered[key] = true
        coverage[#coverage + 1] = {index = use.id, label = use.label, year = c.year, held = c.held,
          ranked = c.ranked, scored = c.scored, of = c.of, user = c.user or 0}
      end
    end
  end
  table.sort(sources, function(a, b)
    if a.figures ~= b.figures then
      return a.figures > b.figures
    end
    return a.source < b.source
  end)
  return {sources = sources, total = total, user = user, coverage = coverage, index = p.index,
          year = p.year, from = p.from, version = version(), made = M.made_on()}
end

--[[
  The section the writers of text, Markdown and HTML end a report with: a
  heading, the sources with how many figures each gave (a table marked
  sources = true, which text writes as a list), the figures from the user's
  folder, the coverage of the indices, chiso's version and the date made.
  Nothing when the report recorded no sources. table_block(rows, columns,
  headers, extra) makes a table block as doc:table does.
]]
function M.blocks(doc, table_block)
  local p = provenance_of(doc)
  if not p then
    return {}
  end
  local lang = doc.lang
  local t = i18n.translator(lang)
  local blocks = {{kind = "heading", level = 1, text = t("sources")}}
  if #p.sources > 0 then
    blocks[#blocks + 1] = {kind = "paragraph", text = t("sources_intro", p.total, #p.sources)}
    local rows = {}
    for i, entry in ipairs(p.sources) do
      rows[i] = {source = entry.source, data = table.concat(entry.data, ", "),
                 figures = entry.figures}
    end
    blocks[#blocks + 1] = table_block(rows, {"source", "data", "figures"},
      {source = t("source"), data = t("sources_data"), figures = t("sources_figures")},
      {sources = true})
  else
    blocks[#blocks + 1] = {kind = "paragraph", text = t("sources_none")}
  end
  if p.user > 0 then
    blocks[#blocks + 1] = {kind = "note", text = t("sources_user", p.user, p.total)}
  end
  if #p.coverage > 0 then
    local of, rows, any_user = p.coverage[1].of, {}, false
    for i, c in ipairs(p.coverage) do
      rows[i] = {index = c.label, year = c.year, held = c.held, ranked = c.ranked,
                 scored = c.scored, user = c.user}
      any_user = any_user or c.user > 0
    end
    blocks[#blocks + 1] = {kind = "paragraph", text = t("sources_coverage", of)}
    local columns = {"index", "year", "held", "ranked", "scored"}
    if any_user then
      columns[#columns + 1] = "user"
    end
    blocks[#blocks + 1] = table_block(rows, columns, {index = t("index"), year = t("year"),
      held = t("sources_held", of), ranked = t("coverage_ranked"), scored = t("coverage_scored"),
      user = t("sources_user_rows")}, {coverage = true})
  end
  blocks[#blocks + 1] = {kind = "paragraph", text = t("sources_made", p.version, p.made)}
  return blocks
end

-- The provenance as one table for a workbook's sheet ("Nguồn", "Sources"): a row per
-- item (the index and year, each source, each index-year's coverage, the version, the date).
function M.sheet(doc, table_block)
  local p = provenance_of(doc)
  if not p then
    return nil
  end
  local t = i18n.translator(doc.lang)
  local rows = {}
  local function add(item, detail, data, year, figures)
    rows[#rows + 1] = {item = item, detail = detail, data = data, year = year, figures = figures}
  end
  if p.index then
    add(t("index"), p.index)
  end
  if p.year then
    add(t("year"), tostring(p.year))
  end
  if p.from then
    add(t("sources_from"), tostring(p.from))
  end
  for _, entry in ipairs(p.sources) do
    add(t("source"), entry.source, table.concat(entry.data, ", "), nil, entry.figures)
  end
  for _, c in ipairs(p.coverage) do
    add(t("coverage_held"), t("sources_coverage_detail", c.held, c.of, c.ranked, c.scored),
      c.label, c.year, c.held)
  end
  if p.user > 0 then
    add(t("sources_user_rows"), t("sources_user", p.user, p.total), nil, nil, p.user)
  end
  add(t("sources_version"), p.version)
  add(t("sources_made_on"), p.made)
  return table_block(rows, {"item", "detail", "data", "year", "figures"}, {item = t("sources_item"),
    detail = t("sources_detail"), data = t("sources_data"), year = t("year"),
    figures = t("sources_figures")}, {caption = t("sources")})
end

-- The provenance as JSON's "provenance" object (object(...) keeps the keys' order), or nil
-- when the report recorded none.
function M.json(doc, object)
  local p = provenance_of(doc)
  if not p then
    return nil
  end
  local sources, coverage = {}, {}
  for i, entry in ipairs(p.sources) do
    sources[i] = object("source", entry.source, "data", entry.data, "figures", entry.figures,
      "origin", entry.origin)
  end
  for i, c in ipairs(p.coverage) do
    coverage[i] = object("index", c.index, "label", c.label, "year", c.year, "held", c.held,
      "ranked", c.ranked, "scored", c.scored, "of", c.of, "user", c.user)
  end
  return object("index", p.index, "year", p.year, "from", p.from, "figures", p.total,
    "user_figures", p.user,
    "sources", sources, "coverage", coverage, "version", p.version, "made", p.made)
end

return M
