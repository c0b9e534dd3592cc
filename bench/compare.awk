# compare.awk - compares two benchmark answer files (docs/benchmark.md):
# line by line and field by field; numbers agree within a relative tolerance
# (tol, default 1e-9, or 1e-12 absolute near zero), integers and other
# fields exactly (a rank sum of 5e9 that is off by one must not pass).
# Prints each differing line and exits 1 if any differs or the lengths do.
#
#   awk -v tol=1e-9 -f bench/compare.awk expected.txt actual.txt

function numeric(s) {
  return s ~ /^-?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?$/
}

function agree(a, b,    x, y, d, m) {
  if (a == b "") return 1
  if (!numeric(a) || !numeric(b)) return 0
  if (a ~ /^-?[0-9]+$/ && b ~ /^-?[0-9]+$/) return 0
  x = a + 0; y = b + 0
  d = x > y ? x - y : y - x
  m = (x < 0 ? -x : x) > (y < 0 ? -y : y) ? (x < 0 ? -x : x) : (y < 0 ? -y : y)
  return d <= tol * m || d <= 1e-12
}

function same_line(a, b,    fa, fb, na, nb, k) {
  na = split(a, fa, ","); nb = split(b, fb, ",")
  if (na != nb) return 0
  for (k = 1; k <= na; k++)
    if (!agree(fa[k], fb[k])) return 0
  return 1
}

BEGIN { if (tol == "") tol = 1e-9 }

FNR == NR { want[FNR] = $0; nwant = FNR; next }

{
  ngot = FNR
  if (!(FNR in want) || !same_line(want[FNR], $0)) {
    if (++bad <= 20) printf "line %d:\n  %s: %s\n  %s: %s\n", FNR, ARGV[1], want[FNR], FILENAME, $0
  }
}

END {
  if (ngot != nwant) {
    printf "%s has %d lines, %s has %d\n", ARGV[1], nwant, ARGV[2], ngot
    bad++
  }
  if (bad > 20) printf "... %d differing lines in all\n", bad
  exit bad > 0 ? 1 : 0
}
