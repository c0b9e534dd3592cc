// The benchmark's workload in DuckDB (npm package @duckdb/node-api), the same
// six phases as bench/workload.lua, timed one by one, with the answers in the
// same canonical text form (docs/benchmark.md).
//
// Each phase materialises its result (CREATE TABLE ... AS, or rows read into
// JavaScript), so no work is left to a lazy relation for later. Phase times go
// to standard output as "phase <name> <seconds>" and "total <seconds>"; the
// answers, computed after the clock stops, go to the file OUT.
//
//   node bench/duckdb.js bench/data/panel-2m.csv /tmp/duckdb.txt 2    (threads)

'use strict';

const fs = require('fs');
const { DuckDBInstance } = require('@duckdb/node-api');

function seconds() {
  return Number(process.hrtime.bigint()) / 1e9;
}

// A string literal for SQL.
function quote(s) {
  return "'" + s.replace(/'/g, "''") + "'";
}

function text(v) {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') return Number.isInteger(v) ? v.toFixed(1) : v.toPrecision(17);
  return String(v);
}

async function workload(con, csvPath) {
  const timings = [];
  const results = {};
  async function phase(name, fn) {
    const start = seconds();
    results[name] = await fn();
    timings.push([name, seconds() - start]);
  }
  const rows = async (sql) => (await con.runAndReadAll(sql)).getRowsJS();
  const started = seconds();

  // (1) Load, the types inferred by read_csv's sniffer.
  await phase('load', () => con.run(
    `CREATE TABLE panel AS SELECT * FROM read_csv(${quote(csvPath)}, auto_detect = true)`));

  // (2) Rank of score within each year, highest 1, ties "min" (SQL's RANK).
  await phase('rank', () => con.run(`CREATE TABLE ranked AS
    SELECT *, RANK() OVER (PARTITION BY year ORDER BY score DESC) AS rank FROM panel`));

  // (3) The previous year's rank by key (no row for that year gives NULL), and the change.
  await phase('lag', () => con.run(`CREATE TABLE moved AS
    SELECT r.*, p.rank AS rank_lag, p.rank - r.rank AS change
    FROM ranked r LEFT JOIN ranked p ON p.entity = r.entity AND p.year = r.year - 1`));

  // (4) The ten biggest risers of the last year, ties by entity.
  await phase('risers', () => rows(`
    SELECT entity, region, year, score, rank, rank_lag, change FROM moved
    WHERE year = (SELECT max(year) FROM moved) AND change IS NOT NULL
    ORDER BY change DESC, entity LIMIT 10`));

  // (5) Pearson, and Spearman as the Pearson of average ranks within the year:
  // RANK() is a tie's lowest place and COUNT(*) over the same ordered window
  // (whose frame ends with the current row's last peer) its highest.
  await phase('cor', () => rows(`
    WITH ranks AS (
      SELECT year, score, score2,
        (RANK() OVER w1 + COUNT(*) OVER w1) / 2.0 AS rank1,
        (RANK() OVER w2 + COUNT(*) OVER w2) / 2.0 AS rank2
      FROM panel
      WINDOW w1 AS (PARTITION BY year ORDER BY score), w2 AS (PARTITION BY year ORDER BY score2))
    SELECT year, COUNT(*) AS n, corr(score, score2) AS pearson, corr(rank1, rank2) AS spearman
    FROM ranks GROUP BY year ORDER BY year`));

  // (6) Mean score by region and year.
  await phase('mean', () => rows(`
    SELECT region, year, avg(score) AS mean_score FROM panel
    GROUP BY region, year ORDER BY region, year`));

  return { timings, total: seconds() - started, results };
}

async function answers(con, results) {
  const rows = async (sql) => (await con.runAndReadAll(sql)).getRowsJS();
  const lines = [];
  const section = (name, header, body) => {
    lines.push('# ' + name, header.join(','));
    for (const r of body) lines.push(r.map(text).join(','));
  };
  lines.push('# rows', text((await rows('SELECT COUNT(*) FROM panel'))[0][0]));
  section('years', ['year', 'rows', 'rank_sum', 'lagged', 'change_sum'], await rows(`
    SELECT year, COUNT(*), SUM(rank), COUNT(rank_lag), COALESCE(SUM(change), 0)
    FROM moved GROUP BY year ORDER BY year`));
  section('risers', ['entity', 'region', 'year', 'score', 'rank', 'rank_lag', 'change'],
    results.risers);
  section('cor', ['year', 'n', 'pearson', 'spearman'], results.cor);
  section('mean', ['region', 'year', 'mean_score'], results.mean);
  return lines.join('\n') + '\n';
}

async function main() {
  const [csvPath, outPath, threads] = process.argv.slice(2);
  if (!csvPath || !outPath || !/^[1-9][0-9]*$/.test(threads || '')) {
    process.stderr.write('usage: node bench/duckdb.js PANEL.csv ANSWERS.txt THREADS\n');
    process.exit(2);
  }
  const instance = await DuckDBInstance.create(':memory:');
  const con = await instance.connect();
  await con.run(`SET threads = ${threads}`);
  const { timings, total, results } = await workload(con, csvPath);
  for (const [name, s] of timings) console.log(`phase ${name} ${s.toFixed(6)}`);
  console.log(`total ${total.toFixed(6)}`);
  fs.writeFileSync(outPath, await answers(con, results));
}

main().catch((e) => {
  process.stderr.write(`duckdb.js: ${e.stack || e}\n`);
  process.exit(1);
});
