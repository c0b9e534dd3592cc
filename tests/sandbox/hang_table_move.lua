-- status: 6
-- flags: --timeout 1
-- expect: sandbox: time limit reached
-- table.move over almost every integer: one C call of 2^63 steps.
table.move({}, 1, math.maxinteger - 1, 1, {})
