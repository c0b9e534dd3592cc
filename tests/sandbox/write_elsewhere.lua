-- expect: sandbox: writing '/tmp/chiso-sandbox-pwned-write_elsewhere' is not allowed
chiso.dataset{x = {1}}:to_csv("/tmp/chiso-sandbox-pwned-write_elsewhere")
