// Mocha's spec reporter, plus one JSON line of counts appended to $FORGE_TEST_COUNTS at the end
// of the run, so scripts/test-all.sh can print a total across the tiers and name the failed tests
// again at the very end (where a CI log's tail shows them).
'use strict';
const fs = require('node:fs');
const Mocha = require('mocha');

class CountingSpecReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    const failed = [];
    runner.on(Mocha.Runner.constants.EVENT_TEST_FAIL, (test, err) => {
      const message = String((err && err.message) || err).split('\n').slice(0, 3).join(' | ');
      failed.push(`${test.fullTitle()}: ${message}`.slice(0, 400));
    });
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      const file = process.env.FORGE_TEST_COUNTS;
      if (!file) return;
      const { passes, failures, pending } = this.stats;
      fs.appendFileSync(file, JSON.stringify({ tier: process.env.FORGE_TEST_TIER || '', passes, failures, pending, failed }) + '\n');
    });
  }
}

module.exports = CountingSpecReporter;
