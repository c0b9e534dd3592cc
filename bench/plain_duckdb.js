// The benchmark's second workload in DuckDB (npm package @duckdb/node-api),
// written as an analyst writes SQL: GROUP BY year for the yearly figures, a
// CASE column for the band, a JOIN with the entity table, PIVOT for the years.
// The same five phases as bench/plain.lua, timed one by one, with the answers
// in the same canonical text form (docs/benchmark.md).
//
// Each phase materialises its result (CREATE TABLE ... AS, or rows read into
// JavaScript). Phase times go to standard output as "phase <name> <seconds>"
// and "total <seconds>"; the answers, computed after the clock stops, go to OUT.
//
//   node bench/plain_duckdb.js build/bench/data/panel-2m.csv \
//     build/bench/data/entities-2m.csv /tmp/duckdb.txt 2    (threads)

'use strict';

const fs = require('fs');
const { DuckDBInstance } = require('@duckdb/node-api');
const { seconds, text } = require('./answers');

function quote(s) {
  return "'" + s.replace(/'/g, "''") + "'";
}

async function workload(con, panelPath, entitiesPath) {
  const timings = [];
  const results = {};
  async function phase(name, fn) {
    const start = seconds();
    results[name] = await fn();
    timings.push([name, seconds() - start]);
  }
  const rows = async (sql) => (await con.runAndReadAll(sql)).getRowsJS();
  const started = seconds();

  // (1) The panel and the table of entities, the types inferred by read_csv's sniffer.
  await phase('load', async () => {
    await con.run(`CREATE TABLE panel AS SELECT * FROM read_csv(${quote(panelPath)})`);
    await con.run(`CREATE TABLE entities AS SELECT * FROM read_csv(${quote(entitiesPath)})`);
  });

  // (2) Year by year: the rows, the mean score and Pearson's r of score with score2.
  await phase('years', () => rows(`
    SELECT year, count(*), avg(score), corr(score, score2) FROM panel
    GROUP BY year ORDER BY year`));

  // (3) A band for every row from its score, then the rows and mean score of each band.
  await phase('band', async () => {
    await con.run(`CREATE TABLE banded AS
      SELECT *, CASE WHEN score >= 75 THEN 'high' WHEN score >= 50 THEN 'middle' ELSE 'low' END
        AS band
      FROM panel`);
    return rows('SELECT band, count(*), avg(score) FROM banded GROUP BY band ORDER BY band');
  });

  // (4) Each row's province (entities not in the table are left out), then per province.
  await phase('join', () => rows(`
    SELECT province, count(*), count(DISTINCT entity), avg(score)
    FROM panel JOIN entities USING (entity)
    GROUP BY province ORDER BY province`));

  // (5) One row per entity, one column of scores per year.
  await phase('pivot', () => con.run(
    'CREATE TABLE wide AS PIVOT panel ON year USING first(score) GROUP BY entity'));

  return { timings, total: seconds() - started, results };
}

async function answers(con, results) {
  const rows = async (sql) => (await con.runAndReadAll(sql)).getRowsJS();
  const lines = [];
  const section = (header, body) => {
    lines.push(header.join(','));
    for (const r of body) lines.push(r.map((v) => text(v, true)).join(','));
  };
  const count = async (table) => (await rows(`SELECT count(*) FROM ${table}`))[0][0];
  lines.push('# rows', 'panel,entities', `${await count('panel')},${await count('entities')}`);
  lines.push('# years');
  section(['year', 'rows', 'mean_score', 'pearson'], results.years);
  lines.push('# bands');
  section(['band', 'rows', 'mean_score'], results.band);
  lines.push('# provinces');
  section(['province', 'rows', 'entities', 'mean_score'], results.join);
  const names = (await rows(`SELECT column_name FROM information_schema.columns
    WHERE table_name = 'wide' ORDER BY ordinal_position`)).map((r) => r[0]);
  const years = names.filter((n) => n !== 'entity').sort((a, b) => Number(a) - Number(b));
  lines.push('# wide', 'rows,columns', `${await count('wide')},${names.length}`);
  const sums = (await rows('SELECT ' + years.map((y) => `count("${y}"), sum("${y}")`).join(', ') +
    ' FROM wide'))[0];
  section(['year', 'values', 'sum_score'],
    years.map((y, k) => [BigInt(y), sums[2 * k], sums[2 * k + 1]]));
  return lines.join('\n') + '\n';
}

async function main() {
  const [panelPath, entitiesPath, outPath, threads] = process.argv.slice(2);
  if (!panelPath || !entitiesPath || !outPath || !/^[1-9][0-9]*$/.test(threads || '')) {
    process.stderr.write('usage: node bench/plain_duckdb.js PANEL.csv ENTITIES.csv ANSWERS.txt THREADS\n');
    process.exit(2);
  }
  const instance = await DuckDBInstance.create(':memory:');
  const con = await instance.connect();
  await con.run(`SET threads = ${threads}`);
  const { timings, total, results } = await workload(con, panelPath, entitiesPath);
  for (const [name, s] of timings) console.log(`phase ${name} ${s.toFixed(6)}`);
  console.log(`total ${total.toFixed(6)}`);
  fs.writeFileSync(outPath, await answers(con, results));
}

main().catch((e) => {
  process.stderr.write(`plain_duckdb.js: ${e.stack || e}\n`);
  process.exit(1);
});
