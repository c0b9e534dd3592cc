-- expect: sandbox: reading '/etc/shadow' is not allowed
-- Asking whether a file outside the allowed folders exists.
print(chiso.files.kind("/etc/shadow"))
