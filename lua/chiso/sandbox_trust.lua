-- chiso.sandbox_trust: the trust list, the folders a user has let sandboxed
-- reports always read (or write), kept one a line as "read DIR" or
-- "write DIR" in $XDG_CONFIG_HOME/chiso/trust (~/.config/chiso/trust). A
-- folder gets there by `chiso trust DIR` or by answering "always" when a
-- sandboxed report asks; `chiso trust --list` shows the list and
-- `chiso trust --revoke DIR` takes a folder off it. Folders are stored
-- resolved (no "..", no links), so a later link cannot widen an entry.
-- Runs in the trusted part of chiso only: reports never see this module.

local core_sandbox = require("chiso.core").sandbox
local lfs = require "lfs"

local trust = {}

-- The list's file, and the folder that holds it.
function trust.file()
  local config = os.getenv("XDG_CONFIG_HOME")
  if not config or config == "" then
    local home = os.getenv("HOME")
    if not home or home == "" then return nil end
    config = home .. "/.config"
  end
  return config .. "/chiso/trust", config .. "/chiso"
end

-- The entries: an array of {access = "read" or "write", dir = path}, in the file's order.
function trust.entries()
  local path = trust.file()
  local f = path and io.open(path, "r")
  if not f then return {} end
  local list = {}
  for line in f:lines() do
    local access, dir = line:match("^(%a+) (/.*)$")
    if (access == "read" or access == "write") and dir then
      list[#list + 1] = {access = access, dir = dir}
    end
  end
  f:close()
  return list
end

-- Writes the entries back, through a temporary file renamed over the list.
local function save(list)
  local path, dir = trust.file()
  if not path then return nil, "no home folder to keep the trust list in (HOME is not set)" end
  lfs.mkdir(dir:match("^(.*)/[^/]+$"))
  lfs.mkdir(dir)
  local lines = {}
  for _, e in ipairs(list) do lines[#lines + 1] = e.access .. " " .. e.dir .. "\n" end
  local temp = path .. ".new"
  local f, err = io.open(temp, "w")
  if not f then return nil, string.format("cannot write the trust list %s: %s", path, err) end
  f:write("# folders sandboxed chiso reports may always read or write (chiso trust --help)\n")
  f:write(table.concat(lines))
  f:close()
  local ok, rename_err = os.rename(temp, path)
  if not ok then
    os.remove(temp)
    return nil, string.format("cannot write the trust list %s: %s", path, rename_err)
  end
  return true
end

-- Adds dir (a folder) with access "read" or "write"; the resolved folder, or nil and a message.
function trust.add(dir, access)
  local real = core_sandbox.realpath(dir)
  if not real or lfs.attributes(real, "mode") ~= "directory" then
    return nil, string.format("'%s' is not a folder", dir)
  end
  local list = trust.entries()
  for _, e in ipairs(list) do
    if e.dir == real and e.access == access then return real end
  end
  list[#list + 1] = {access = access, dir = real}
  local ok, err = save(list)
  if not ok then return nil, err end
  return real
end

-- Takes every entry for dir off the list; the number taken off, or nil and a message.
function trust.revoke(dir)
  local real = core_sandbox.realpath(dir) or dir
  local kept, removed = {}, 0
  for _, e in ipairs(trust.entries()) do
    if e.dir == real or e.dir == dir then removed = removed + 1 else kept[#kept + 1] = e end
  end
  if removed == 0 then return 0 end
  local ok, err = save(kept)
  if not ok then return nil, err end
  return removed
end

local usage = [[
usage: chiso trust DIR            let sandboxed reports always read DIR
       chiso trust --write DIR    let sandboxed reports always write under DIR
       chiso trust --list         show the trust list
       chiso trust --revoke DIR   take DIR off the trust list
The list is kept in %s.
]]

-- `chiso trust ...`; returns the exit status.
function trust.command(...)
  local args = table.pack(...)
  local first, second = args[1], args[2]
  local file = trust.file() or "~/.config/chiso/trust"
  if first == "--list" and args.n == 1 then
    for _, e in ipairs(trust.entries()) do print(e.access .. " " .. e.dir) end
    return 0
  elseif first == "--revoke" and second and args.n == 2 then
    local n, err = trust.revoke(second)
    if not n then io.stderr:write("chiso trust: " .. err .. "\n") return 1 end
    if n == 0 then io.stderr:write(string.format("chiso trust: '%s' is not on the trust list\n", second)) return 1 end
    return 0
  elseif (first == "--write" and second and args.n == 2) or (first and args.n == 1 and not first:match("^%-")) then
    local access, dir = first == "--write" and "write" or "read", first == "--write" and second or first
    local real, err = trust.add(dir, access)
    if not real then io.stderr:write("chiso trust: " .. err .. "\n") return 1 end
    print(string.format("sandboxed reports may now %s %s", access, real))
    return 0
  elseif first == "--help" or first == "-h" then
    io.write(string.format(usage, file))
    return 0
  end
  io.stderr:write(string.format(usage, file))
  return 2
end

return trust
