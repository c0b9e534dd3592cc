-- flags: --max-memory 64M --timeout 40
-- status: 5
-- expect: sandbox: memory limit reached
-- Memory taken by the C core (columns) counts against the limit too.
local d = chiso.dataset{x = {1, 2, 3, 4, 5, 6, 7, 8}}
while true do d = chiso.concat(d, d) end
