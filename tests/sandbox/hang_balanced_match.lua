-- status: 6
-- expect: sandbox: time limit reached
-- flags: --timeout 1
-- %b() over a million unbalanced parentheses, tried from every position.
print(("("):rep(1000000):find("%b()"))
