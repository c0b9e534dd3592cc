// The benchmark's second workload in Polars (npm package nodejs-polars),
// written as Polars' guide teaches: group_by year with expressions for the
// yearly figures, when/then/otherwise for the band (a JavaScript function per
// row is not what a Polars user writes, and nodejs-polars has no row map), a
// join with the entity table, pivot for the years. The same five phases as
// bench/plain.lua, timed one by one, with the answers in the same canonical
// text form (docs/benchmark.md). The eager API materialises every result.
// POLARS_MAX_THREADS in the environment sets its threads, as for bench/polars.js.
//
//   POLARS_MAX_THREADS=2 node bench/plain_polars.js build/bench/data/panel-2m.csv \
//     build/bench/data/entities-2m.csv /tmp/polars.txt

'use strict';

const fs = require('fs');
const { seconds, text, writeRows } = require('./answers');

async function main() {
  const [panelPath, entitiesPath, outPath] = process.argv.slice(2);
  if (!panelPath || !entitiesPath || !outPath) {
    process.stderr.write('usage: POLARS_MAX_THREADS=N node bench/plain_polars.js PANEL.csv ' +
      'ENTITIES.csv ANSWERS.txt\n');
    process.exit(2);
  }
  const pl = require('nodejs-polars');
  const timings = [];
  const phase = (name, fn) => {
    const start = seconds();
    const result = fn();
    timings.push([name, seconds() - start]);
    return result;
  };
  const started = seconds();

  // (1) The panel and the table of entities.
  const [panel, entities] = phase('load', () => [pl.readCSV(panelPath), pl.readCSV(entitiesPath)]);

  // (2) Year by year: the rows, the mean score and Pearson's r of score with score2.
  const years = phase('years', () => panel.groupBy('year').agg(
    pl.len().alias('rows'), pl.col('score').mean().alias('mean_score'),
    pl.pearsonCorr('score', 'score2').alias('pearson')).sort('year'));

  // (3) A band for every row from its score, then the rows and mean score of each band.
  const bands = phase('band', () => panel.withColumn(
    pl.when(pl.col('score').gtEq(75)).then(pl.lit('high'))
      .when(pl.col('score').gtEq(50)).then(pl.lit('middle'))
      .otherwise(pl.lit('low')).alias('band'))
    .groupBy('band').agg(pl.len().alias('rows'), pl.col('score').mean().alias('mean_score'))
    .sort('band'));

  // (4) Each row's province (entities not in the table are left out), then per province.
  const provinces = phase('join', () => panel.join(entities, { on: 'entity' })
    .groupBy('province').agg(pl.len().alias('rows'), pl.col('entity').nUnique().alias('entities'),
      pl.col('score').mean().alias('mean_score')).sort('province'));

  // (5) One row per entity, one column of scores per year.
  const wide = phase('pivot', () => panel.pivot('score', { index: 'entity', on: 'year' }));

  const total = seconds() - started;
  for (const [name, s] of timings) console.log(`phase ${name} ${s.toFixed(6)}`);
  console.log(`total ${total.toFixed(6)}`);

  const out = ['# rows', 'panel,entities', `${panel.height},${entities.height}`];
  writeRows(out, 'years', years, ['year', 'rows', 'mean_score', 'pearson']);
  writeRows(out, 'bands', bands, ['band', 'rows', 'mean_score']);
  writeRows(out, 'provinces', provinces, ['province', 'rows', 'entities', 'mean_score']);
  out.push('# wide', 'rows,columns', `${wide.height},${wide.width}`, 'year,values,sum_score');
  const names = wide.columns.filter((n) => n !== 'entity').sort((a, b) => Number(a) - Number(b));
  for (const name of names) {
    const column = wide.getColumn(name);
    out.push([name, column.len() - column.nullCount(), text(column.sum(), true)].join(','));
  }
  fs.writeFileSync(outPath, out.join('\n') + '\n');
}

main().catch((e) => {
  process.stderr.write(`plain_polars.js: ${e.stack || e}\n`);
  process.exit(1);
});
