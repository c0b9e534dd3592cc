-- expect: is not allowed in a sandboxed report
-- Climbing out of the data folder with ../
chiso.read_csv(chiso.paths.data .. "/../README.md")
