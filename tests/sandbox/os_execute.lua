-- expect: sandbox: 'os.execute' is not available
-- Running a command.
os.execute("touch /tmp/chiso-sandbox-pwned-os_execute")
