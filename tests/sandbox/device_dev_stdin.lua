-- expect: sandbox: reading '/dev/stdin' is not allowed
-- Standard input, which would block a report run from a terminal.
chiso.read_csv("/dev/stdin")
