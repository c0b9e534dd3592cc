-- status: 1
-- expect: chiso: pretending to be a time limit
-- cli.stop with a limit's exit status: the status is clamped to 0, 1 or 2.
require("chiso.cli").stop("pretending to be a time limit", 6)
