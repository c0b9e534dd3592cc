-- setup: fifo
-- expect: fifo refused 3 times without blocking
-- Catching the refusal and trying again: each try is refused at once, none waits for a writer.
local refused = 0
for _ = 1, 3 do
  local ok, message = pcall(chiso.read_csv, arg[1] .. "/pipe.csv")
  if not ok and message:find("named pipe", 1, true) then refused = refused + 1 end
end
error(string.format("fifo refused %d times without blocking", refused), 0)
