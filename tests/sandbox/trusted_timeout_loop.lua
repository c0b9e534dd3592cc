-- trust: yes
-- status: 6
-- expect: time limit reached (--timeout 1 s)
-- flags: --timeout 1
-- --timeout holds in a trusted run too.
while true do end
