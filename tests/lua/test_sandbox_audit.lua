-- The sandbox's reviewed surface: everything a sandboxed report can reach is
-- on the list in lua/chiso/sandbox_surface.lua with its reason, and
-- docs/sandbox.md shows the list as `make sandbox-audit` prints it.

local T = require "testing"
local quote, run, files_in, remove_tree = T.quote, T.run, T.files_in, T.remove_tree

local chiso_bin = assert(os.getenv("CHISO"), "tests/run sets CHISO")
local root = assert(os.getenv("ROOT"), "tests/run sets ROOT")

local function capture(cmd)
  local p = assert(io.popen(cmd .. " 2>&1"))
  local out = p:read("a")
  p:close()
  return out
end

local audit = capture(string.format("cd %s && %s --trust tests/lua/sandbox_audit.lua", quote(root), chiso_bin))

T.case("the audit walks the whole surface", function()
  local n = select(2, audit:gsub("\n", "\n"))
  T.truthy(n > 150, n .. " lines: " .. audit:sub(1, 300))
  for _, name in ipairs{"chiso.read_csv", "chiso.Dataset.to_csv", "chiso.cli.stop", "chiso.report.new().write",
                        "chiso.Column.__add", "chiso.Dataset.group_by().agg", "io ", "require "} do
    T.truthy(audit:find("\n" .. name:gsub("%p", "%%%0"), 1) or audit:find("^" .. name:gsub("%p", "%%%0")),
      name .. " is walked")
  end
end)

T.case("everything a report can reach is on the list", function()
  local missing = {}
  for line in audit:gmatch("[^\n]+") do
    if line:find("NOT ON THE LIST", 1, true) then missing[#missing + 1] = line end
  end
  T.eq(missing, {}, "not on the list")
end)

T.case("chiso's own commands, environment and real paths are not reachable", function()
  for _, name in ipairs{"chiso.cli.command", "chiso.cli.list", "chiso.cli.header", "chiso.cli.find",
                        "chiso.cli.script_dirs", "chiso.data.dirs", "chiso.data.path", "chiso.sandbox",
                        "os.getenv", "os.exit", "os.execute"} do
    T.truthy(not audit:find("\n" .. name:gsub("%p", "%%%0") .. " ", 1), name .. " is reachable")
  end
  T.truthy(not audit:find(root, 1, true), "a real path in the audit")
end)

T.case("the walk fails on anything added to a report's environment", function()
  -- a report environment with one more field than the list allows
  local out = capture(string.format("cd %s && %s --trust -e %s tests/lua/sandbox_audit.lua", quote(root),
    chiso_bin, quote('local s = require "chiso.sandbox"; local env = s.env; '
      .. 's.env = function(...) local e = env(...); rawset(e, "leak", function() end); return e end')))
  T.truthy(out:find("\nleak +function +NOT ON THE LIST"), out:sub(1, 300))
end)

T.case("docs/sandbox.md shows the list as the audit prints it", function()
  local docs = T.read(root .. "/docs/sandbox.md")
  local block = docs:match("<!%-%- sandbox%-audit begin %-%->\n```\n(.-)```\n<!%-%- sandbox%-audit end %-%->")
  T.truthy(block, "docs/sandbox.md has the audit block")
  T.eq(block, audit, "the block differs from `make sandbox-audit`; paste its output")
end)

T.finish()
