-- expect: sandbox: 'os.getenv' is not available
local home = os.getenv("HOME")
