-- setup: symlink
-- expect: sandbox: reading
-- Climbing out through the link and "..": the path's text is cleaned first, so it names /etc/passwd, outside.
chiso.read_csv(arg[1] .. "/link.csv/../../../../../../../../../../etc/passwd")
