-- expect: sandbox: 'chiso.sandbox' is not available
-- The C half of the sandbox through the library table.
chiso.sandbox.allow_read("/")
