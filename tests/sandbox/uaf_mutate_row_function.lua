-- expect: dataset has been closed
-- A row function closes the dataset that mutate is adding a column to.
local ds = chiso.dataset{a = {"x", "y", "z"}, n = {1, 2, 3}}
local more = ds:mutate("twice", function(row) local bye <close> = ds; return row.n * 2 end)
print(#more)
