-- setup: fifo
-- expect: is a named pipe (FIFO)
-- The FIFO reached through ".." inside the allowed folder is still a FIFO.
chiso.read_csv(arg[1] .. "/../allowed/./pipe.csv")
