-- chiso.files: the folders and files a script may look at or make, under the
-- sandbox's rules. Scripts use this module rather than LuaFileSystem, so the
-- same script runs trusted and sandboxed: in a sandboxed report, looking at a
-- path needs read access to it (the bundled data, CHISO_DATA, --allow-read)
-- and making a folder needs write access (--out); a refusal is an error that
-- names the path and the option to give.

local lfs = require "lfs"
local core_sandbox = require("chiso.core").sandbox

local files = {}

-- What path is: "file", "directory", "other" (a device, a pipe...), or nil
-- when nothing is there.
function files.kind(path)
  assert(type(path) == "string", "chiso.files.kind: the path must be a string")
  core_sandbox.check_read(path)
  local mode = lfs.attributes(path, "mode")
  if mode == nil or mode == "file" or mode == "directory" then
    return mode
  end
  return "other"
end

-- The names in folder dir (without "." and ".."), in byte order; nil and a
-- message when dir cannot be read.
function files.list(dir)
  assert(type(dir) == "string", "chiso.files.list: the folder must be a string")
  core_sandbox.check_read(dir)
  local ok, iter, state = pcall(lfs.dir, dir)
  if not ok then
    -- the reason only: lfs names the folder as it opened it, which may be its resolved path
    local reason = tostring(iter):match(": ([^:]+)$") or tostring(iter)
    return nil, string.format("cannot read folder '%s': %s", dir, reason)
  end
  local names = {}
  for name in iter, state do
    if name ~= "." and name ~= ".." then
      names[#names + 1] = name
    end
  end
  table.sort(names)
  return names
end

-- Every file below dir whose name matches the Lua pattern (all files when
-- pattern is nil), as paths beginning with dir: each folder's entries in
-- byte order, a sub-folder's files where its name falls.
function files.find(dir, pattern, found)
  found = found or {}
  local names, err = files.list(dir)
  if not names then
    return nil, err
  end
  for _, name in ipairs(names) do
    local path = dir .. "/" .. name
    local kind = files.kind(path)
    if kind == "directory" then
      files.find(path, pattern, found)
    elseif kind == "file" and (pattern == nil or name:match(pattern)) then
      found[#found + 1] = path
    end
  end
  return found
end

-- Makes folder dir unless it exists: true, or nil, a message and the system's reason alone.
function files.make_dir(dir)
  assert(type(dir) == "string", "chiso.files.make_dir: the folder must be a string")
  core_sandbox.check_write(dir)
  local ok, err, code = lfs.mkdir(dir)
  if ok then
    return true
  end
  -- already there (EEXIST): fine if it is a folder; a sandboxed report may write there
  -- without being allowed to look, and then it is taken to be one
  if code == 17 then
    local seen, mode = pcall(lfs.attributes, dir, "mode")
    if not seen or mode == "directory" then
      return true
    end
  end
  return nil, string.format("cannot make folder '%s': %s", dir, tostring(err)), tostring(err)
end

return files
