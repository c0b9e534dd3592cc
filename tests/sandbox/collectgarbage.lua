-- expect: sandbox: 'collectgarbage("collect")' is not available
-- Only collectgarbage("count") is allowed.
print(collectgarbage("count") > 0)
collectgarbage()
