-- expect: sandbox: reading
-- Climbing out of the bundled folder through its public name.
chiso.read_csv(chiso.paths.data .. "/../README.md")
