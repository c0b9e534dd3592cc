-- expect: sandbox: 'os.remove' is not available
os.remove("/tmp/anything")
