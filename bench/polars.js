// The benchmark's workload in Polars (npm package nodejs-polars), the same six
// phases as bench/workload.lua, timed one by one, with the answers in the same
// canonical text form (docs/benchmark.md).
//
// Polars' eager DataFrame API: each call returns a materialised frame, so no
// work is left for later. Its thread pool takes POLARS_MAX_THREADS from the
// environment when the library loads, so bench/run sets it (1 or 2) in the
// command's environment. Phase times go to standard output as
// "phase <name> <seconds>" and "total <seconds>"; the answers, computed after
// the clock stops, go to the file OUT.
//
//   POLARS_MAX_THREADS=2 node bench/polars.js bench/data/panel-2m.csv /tmp/polars.txt

'use strict';

const fs = require('fs');
const { seconds, writeRows } = require('./answers');

async function main() {
  const [csvPath, outPath] = process.argv.slice(2);
  if (!csvPath || !outPath) {
    process.stderr.write('usage: POLARS_MAX_THREADS=N node bench/polars.js PANEL.csv ANSWERS.txt\n');
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

  // (1) Load, the types inferred from the values.
  const panel = phase('load', () => pl.readCSV(csvPath));

  // (2) Rank of score within each year, highest 1, ties "min".
  const ranked = phase('rank', () =>
    panel.withColumn(pl.col('score').rank('min', true).over('year').alias('rank')));

  // (3) The previous year's rank by key (a missing year gives null), and the change.
  const moved = phase('lag', () => {
    const previous = ranked.select(pl.col('entity'), pl.col('year').add(pl.lit(1).cast(pl.Int64)),
      pl.col('rank').alias('rank_lag'));
    return ranked.join(previous, { on: ['entity', 'year'], how: 'left' })
      .withColumn(pl.col('rank_lag').cast(pl.Int64).sub(pl.col('rank').cast(pl.Int64)).alias('change'));
  });

  // (4) The ten biggest risers of the last year, ties by entity.
  const risers = phase('risers', () => {
    const last = moved.getColumn('year').max();
    return moved.filter(pl.col('year').eq(last).and(pl.col('change').isNotNull()))
      .sort(['change', 'entity'], [true, false]).head(10);
  });

  // (5) Pearson and Spearman (Pearson of average ranks) per year.
  const cor = phase('cor', () => panel.groupBy('year').agg(
    pl.len().alias('n'),
    pl.pearsonCorr('score', 'score2').alias('pearson'),
    pl.spearmanRankCorr('score', 'score2').alias('spearman')).sort('year'));

  // (6) Mean score by region and year.
  const means = phase('mean', () => panel.groupBy(['region', 'year'])
    .agg(pl.col('score').mean().alias('mean_score')).sort(['region', 'year']));

  const total = seconds() - started;
  for (const [name, s] of timings) console.log(`phase ${name} ${s.toFixed(6)}`);
  console.log(`total ${total.toFixed(6)}`);

  const out = [];
  out.push('# rows', String(panel.height));
  const years = moved.groupBy('year').agg(
    pl.len().alias('rows'), pl.col('rank').cast(pl.Int64).sum().alias('rank_sum'),
    pl.col('rank_lag').count().alias('lagged'), pl.col('change').sum().alias('change_sum'))
    .sort('year');
  writeRows(out, 'years', years, ['year', 'rows', 'rank_sum', 'lagged', 'change_sum']);
  writeRows(out, 'risers', risers, ['entity', 'region', 'year', 'score', 'rank', 'rank_lag', 'change']);
  writeRows(out, 'cor', cor, ['year', 'n', 'pearson', 'spearman']);
  writeRows(out, 'mean', means, ['region', 'year', 'mean_score']);
  fs.writeFileSync(outPath, out.join('\n') + '\n');
}

main().catch((e) => {
  process.stderr.write(`polars.js: ${e.stack || e}\n`);
  process.exit(1);
});
