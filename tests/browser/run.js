// Runs every *.test.js in this folder (see lib.js for the runner).
'use strict';
const fs = require('fs');
const path = require('path');
const { run } = require('./lib');

for (const f of fs.readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort()) {
  require(path.join(__dirname, f));
}
run().catch((e) => { console.error(e); process.exit(1); });
