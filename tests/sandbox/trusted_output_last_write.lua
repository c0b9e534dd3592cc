-- trust: yes
-- status: 7
-- expect: output limit reached (--max-output 100 bytes)
-- flags: --max-output 100
-- The same in a trusted run, through io.write, the last thing it does.
io.write(("w"):rep(1000), "\n")
