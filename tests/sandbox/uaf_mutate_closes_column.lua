-- expect: column has been closed
-- In mutate{...}, the function for "a" closes the column given for "b".
local ds = chiso.dataset{n = {1, 2, 3}}
local c = ds:col("n")
local more = ds:mutate{a = function(row) local bye <close> = c; return row.n end, b = c}
print(#more)
