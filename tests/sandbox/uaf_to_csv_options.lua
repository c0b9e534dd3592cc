-- expect: dataset has been closed
-- The issue's crash: the options' __index closes the dataset while to_csv
-- runs. The call keeps what it writes alive and finishes; the next use of
-- the closed dataset is the error.
local ds = chiso.dataset{a = {"x", "y", "z"}}
print(ds:to_csv(setmetatable({}, {__index = function() local bye <close> = ds end})))
print(#ds)
