// Prints the npm package (name@version) that holds nodejs-polars' native
// library for this machine when it is missing, and nothing when Polars loads.
//
// npm ci skips an optional package whose "engines" the running Node.js does not
// meet, and nodejs-polars 0.25.2's native packages ask for Node.js 22 while
// Debian 12 and NodeSource's 20.x give 20, on which they run. make bench-deps
// installs the package this prints with npm i --no-save, so the lock file
// stays as committed.
//
//   node bench/polars_native.js      e.g. nodejs-polars-linux-x64-gnu@0.25.2

'use strict';

try {
  require('nodejs-polars');
} catch (e) {
  const missing = /Cannot find module '(nodejs-polars-[a-z0-9-]+)'/.exec(e.message);
  if (!missing) throw e;
  console.log(`${missing[1]}@${require('nodejs-polars/package.json').version}`);
}
