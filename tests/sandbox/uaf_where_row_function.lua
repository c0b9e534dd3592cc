-- expect: dataset has been closed
-- A row function closes the dataset that where is filtering.
local ds = chiso.dataset{a = {"x", "y", "z"}, n = {1, 2, 3}}
local kept = ds:where(function(row) local bye <close> = ds; return row.n > 1 end)
print(#kept)
