-- status: 6
-- expect: time limit reached
-- flags: --timeout 2
-- A CSV of 8 million lines made in the report, parsed again and again.
local text = "a,b,c\n" .. ("1,Hà Nội,2.5\n2,Huế,3.5\n"):rep(4000000)
while true do assert(chiso.parse_csv(text)) end
