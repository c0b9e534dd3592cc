-- status: 7
-- expect: sandbox: output limit reached (--max-output 100 bytes)
-- flags: --max-output 100
-- The report's last print passes the limit, and then the report ends at
-- once: the run still ends with the output limit, not with success.
print(("p"):rep(1000))
