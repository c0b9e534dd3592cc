-- setup: symlink
-- expect: a symbolic link leads out of the folders it may read
-- Asking what a link inside an allowed folder leads to (allowed/link.csv -> /etc/passwd).
print(chiso.files.kind(arg[1] .. "/link.csv"))
