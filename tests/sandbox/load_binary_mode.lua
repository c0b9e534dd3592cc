-- expect: sandbox: 'load of binary chunks' is not available
-- Asking load for binary mode explicitly.
load("return 1", "chunk", "b")
