-- status: 7
-- expect: sandbox: output limit reached (--max-output 1024 bytes)
-- flags: --max-output 1K
-- One print of 10 MB.
print(("x"):rep(1000):rep(10000))
