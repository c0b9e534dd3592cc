-- trust: yes
-- status: 7
-- expect: output limit reached (--max-output 1024 bytes)
-- flags: --max-output 1K
-- --max-output holds in a trusted run too, for io.write as for print.
while true do io.write(("o"):rep(100), "\n") end
