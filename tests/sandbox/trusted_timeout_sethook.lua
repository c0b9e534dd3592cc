-- trust: yes
-- status: 6
-- expect: time limit reached
-- flags: --timeout 1
-- A trusted script may take the hook away; the alarm still ends it.
debug.sethook()
while true do end
