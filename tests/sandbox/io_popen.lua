-- expect: sandbox: 'io.popen' is not available
-- Running a command through a pipe.
io.popen("touch /tmp/chiso-sandbox-pwned-io_popen")
