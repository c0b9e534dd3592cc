-- expect: sandbox: 'os.rename' is not available
os.rename("/tmp/a", "/tmp/b")
