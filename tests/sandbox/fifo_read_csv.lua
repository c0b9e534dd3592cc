-- setup: fifo
-- expect: is a named pipe (FIFO); a sandboxed report reads only regular files
-- Reading a FIFO inside an --allow-read folder: refused at once, never opened (opening one blocks until a writer comes).
chiso.read_csv(arg[1] .. "/pipe.csv")
