-- out: report.md
-- expect: md_chart_name_direct: every way refused
-- Writing the name of a chart of the --out file (report-1.svg) other than through the
-- Markdown writer: as HTML, as CSV, as a folder, as Markdown. Each is refused.
local out = arg[#arg]
local chart_path = (out:gsub("report%.md$", "report-1.svg"))
local doc = require("chiso.report").new{title = "x"}:paragraph("<script>alert(1)</script>")
local attempts = {
  function() return doc:write("html", chart_path) end,
  function() return doc:write("md", chart_path) end,
  function() return doc:write("text", chart_path) end,
  function() return chiso.dataset{a = {1}}:to_csv(chart_path) end,
  function() return chiso.files.make_dir(chart_path) end,
}
for i, attempt in ipairs(attempts) do
  local ok, result = pcall(attempt)
  if ok and result then
    error("attempt " .. i .. " wrote " .. chart_path, 0)
  end
end
error("md_chart_name_direct: every way refused", 0)
