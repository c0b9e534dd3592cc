-- expect: dataset has been closed
-- The body of a rows loop closes the dataset it walks.
local ds = chiso.dataset{a = {"x", "y", "z"}}
for i, row in ds:rows() do
  print(i, row.a)
  if i == 2 then local bye <close> = ds end
end
