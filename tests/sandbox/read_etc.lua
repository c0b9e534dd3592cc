-- expect: sandbox: reading '/etc/passwd' is not allowed
chiso.read_csv("/etc/passwd")
