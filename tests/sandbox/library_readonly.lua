-- expect: sandbox: the chiso library is read-only ('chiso.read_csv')
-- Replacing a library function, so library code would call the report's.
chiso.read_csv = function() end
