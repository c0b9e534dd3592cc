// What the Node.js workloads (bench/polars.js, bench/plain_polars.js) share: a
// clock, and the answers' canonical text (docs/benchmark.md) from a Polars
// DataFrame, integers written as integers and floats to 17 digits, as
// bench/duckdb.js writes them.

'use strict';

function seconds() {
  return Number(process.hrtime.bigint()) / 1e9;
}

function isFloat(dtype) {
  return /^Float/.test(dtype.variant);
}

// One value of a column: null, an integer, a float or text.
function text(v, float) {
  if (v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v))) return 'null';
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number' && float) return Number.isInteger(v) ? v.toFixed(1) : v.toPrecision(17);
  return String(v);
}

// Appends a section to lines: "# name", the header, then the frame's rows of the named columns.
function writeRows(lines, name, df, names) {
  lines.push('# ' + name, names.join(','));
  const cols = names.map((n) => {
    const s = df.getColumn(n);
    return { values: s.toArray(), float: isFloat(s.dtype) };
  });
  for (let i = 0; i < df.height; i++) lines.push(cols.map((c) => text(c.values[i], c.float)).join(','));
}

module.exports = { seconds, text, writeRows };
