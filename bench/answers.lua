-- What bench/workload.lua and bench/plain.lua share: timing their phases, and
-- writing their answers in the canonical text form (docs/benchmark.md) that
-- the peers' scripts write too. Loaded with dofile from beside the script.

local answers = {}

-- A clock of phases: phases.run(name, fn) runs fn, records its time under
-- name and returns what fn returned; phases.print() prints each as
-- "phase <name> <seconds>", then "total <seconds>" since the clock began.
function answers.phases()
  local clock = chiso.clock
  local started, timings = clock(), {}
  local self = {}
  function self.run(name, fn)
    local start = clock()
    local result = fn()
    timings[#timings + 1] = {name, clock() - start}
    return result
  end
  function self.print()
    local total = clock() - started
    for _, t in ipairs(timings) do
      print(string.format("phase %s %.6f", t[1], t[2]))
    end
    print(string.format("total %.6f", total))
  end
  return self
end

-- A value in the canonical form: null for a missing one, floats to 17 digits.
local function text(v)
  if v == nil or v == chiso.null then return "null" end
  if math.type(v) == "float" then return string.format("%.17g", v) end
  return tostring(v)
end

-- The file of answers at path: out.line(...) writes one comma-separated line,
-- out.rows(ds, names) the named columns' header and every row of ds in order,
-- out.write(text) text as it is, out.close() closes it.
function answers.open(path)
  local file = assert(io.open(path, "w"))
  local out = {}
  function out.line(...)
    local parts = {}
    for i = 1, select("#", ...) do parts[i] = text((select(i, ...))) end
    file:write(table.concat(parts, ","), "\n")
  end
  function out.rows(ds, names)
    out.line(table.unpack(names))
    local cols = {}
    for k, name in ipairs(names) do cols[k] = ds:col(name) end
    for i = 1, #ds do
      local values = {}
      for k = 1, #names do values[k] = cols[k][i] end
      out.line(table.unpack(values, 1, #names))
    end
  end
  function out.write(s) file:write(s) end
  function out.close() file:close() end
  return out
end

return answers
