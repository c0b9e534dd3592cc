-- status: 7
-- expect: sandbox: output limit reached (--max-output 1024 bytes)
-- flags: --max-output 1K --max-memory 1G --timeout 10
-- A 50 MB error message: cut at the output limit, which then ends the run.
error(("x"):rep(1000):rep(50000))
