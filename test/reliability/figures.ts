/**
 * The reliability suite's figures, counted by the tests and printed once at the end of the run
 * (a mocha root hook): faults injected and survived, inputs fuzzed, files compared byte for byte,
 * streamed events checked, bypass attempts tried and blocked.
 */
import * as fs from 'node:fs';

export const figures = {
  faultsInjected: 0,
  faultsSurvived: 0,
  inputsFuzzed: 0,
  fuzzFailures: 0,
  filesCompared: 0,
  eventsChecked: 0,
  bypassesTried: 0,
  bypassesBlocked: 0,
};

/** A fault was injected; call the returned function once everything about it checked out. */
export function injected(): () => void {
  figures.faultsInjected++;
  let done = false;
  return () => {
    if (!done) figures.faultsSurvived++;
    done = true;
  };
}

export const mochaHooks = {
  afterAll(): void {
    const f = figures;
    const line =
      `reliability figures: ${f.faultsInjected} faults injected, ${f.faultsSurvived} survived; ` +
      `${f.inputsFuzzed} inputs fuzzed, ${f.fuzzFailures} failures; ${f.filesCompared} files compared byte for byte; ` +
      `${f.eventsChecked} streamed events checked; ${f.bypassesTried} command-policy bypass attempts, ${f.bypassesBlocked} blocked ` +
      '(XSS payloads: the webview tier)';
    process.stdout.write(`\n  ${line}\n`);
    // scripts/test-all.sh repeats it under the summary.
    if (process.env.FORGE_TEST_FIGURES) fs.appendFileSync(process.env.FORGE_TEST_FIGURES, `${line}\n`);
  },
};
