-- flags: --max-memory 64M --timeout 40
-- status: 5
-- expect: sandbox: memory limit reached
local s = string.rep("x", 1 << 30)
