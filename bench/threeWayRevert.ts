/**
 * Three-way revert speed: a file of N lines where Forge changed one line in 50 (hunks) and the
 * engineer then edited other lines (every 97th) and added a header; time to plan the revert
 * (two line diffs + the merge) against a plain "restore the old bytes" baseline (a string copy).
 * Prints ms per revert; not a pass/fail test.   npx tsx bench/threeWayRevert.ts
 */
import { transplant } from '../src/core/review/threeWay';

function texts(n: number): { before: string; written: string; now: string } {
  const before = Array.from({ length: n }, (_, i) => `  const v${i} = compute(${i}); // line ${i}`);
  const written = before.map((l, i) => (i % 50 === 7 ? `${l} // forge` : l));
  const now = ['// the engineer\'s header', ...written.map((l, i) => (i % 97 === 3 ? `${l} // mine` : l))];
  return { before: before.join('\n') + '\n', written: written.join('\n') + '\n', now: now.join('\n') + '\n' };
}

function time(f: () => void, runs: number): number {
  f();
  const t0 = performance.now();
  for (let i = 0; i < runs; i++) f();
  return (performance.now() - t0) / runs;
}

console.log('lines    hunks  revert (three-way)  restore bytes (baseline)  hunks reverted / conflicts');
for (const n of [1_000, 10_000, 50_000, 100_000]) {
  const { before, written, now } = texts(n);
  let r = transplant(written, before, now);
  const runs = n >= 50_000 ? 3 : 10;
  const ms = time(() => (r = transplant(written, before, now)), runs);
  const base = time(() => void before.slice(0), runs);
  console.log(`${String(n).padEnd(8)} ${String(Math.ceil(n / 50)).padEnd(6)} ${ms.toFixed(2).padStart(10)} ms       ${base.toFixed(4).padStart(10)} ms              ${r.applied.length} / ${r.conflicts.length}`);
}
