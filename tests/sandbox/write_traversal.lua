-- expect: is not allowed in a sandboxed report (it writes only to the file or folder given with --out
-- Climbing out of the --out folder with ../
local out
for i = 1, #arg do if arg[i] == "--out" then out = arg[i + 1] end end
chiso.dataset{x = {1}}:to_csv(out .. "/../chiso-sandbox-pwned-write_traversal")
