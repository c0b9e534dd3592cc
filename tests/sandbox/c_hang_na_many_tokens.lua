-- expect: option 'na' has too many entries
-- flags: --timeout 30
-- Option 'na' with 200000 null tokens: the reader compares a field with
-- each token of its length, so 100000 fields cost 2e10 comparisons between
-- two looks at the deadline (one a block of the text), and the run was
-- killed from outside. So many tokens are refused at once.
local na = {}
for i = 1, 200000 do na[i] = ("x%06d"):format(i) end
local text = ("a,"):rep(999) .. "a\n" .. (("xxxxxxx,"):rep(999) .. "xxxxxxx\n"):rep(100)
local ok, err = pcall(chiso.parse_csv, text, {na = na, quiet = true})
error(err, 0)
