/**
 * Edit engine speed: parse + locate + render a many-hunk unified diff over files of growing size.
 * Run: npx tsx bench/editSpeed.ts   (prints a table; not a pass/fail test)
 * Target (issue 3): 1,000 hunks over a 50,000-line file in under 200 ms, near linear in file size.
 */
import { buildChangeSet } from '../src/core/edits/changeSet/buildChangeSet';
import { parseEdit } from '../src/core/edits/parse/parseEdit';
import { createStreamingParser } from '../src/core/edits/parse/streamingParser';
import { loadavg } from 'node:os';
import { renderFile } from '../src/core/edits/changeSet/textDoc';

function makeFile(lines: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < lines; i++) {
    const k = i % 12;
    if (k === 0) out.push(`export function fn${i}(a: number, b: string): number {`);
    else if (k === 10) out.push('}');
    else if (k === 11) out.push('');
    else out.push(`  const v${i} = compute(a + ${i % 97}, b, "${(i * 7919) % 10007}");`);
  }
  return out;
}

/** A unified diff changing one line in each of `hunks` evenly spaced places, 3 lines of context. */
function makePatch(lines: string[], hunks: number): { patch: string; expected: string } {
  const step = Math.floor(lines.length / hunks);
  const next = [...lines];
  const parts = ['--- a/big.ts', '+++ b/big.ts'];
  for (let h = 0; h < hunks; h++) {
    const at = h * step + Math.floor(step / 2);
    const from = Math.max(0, at - 3);
    const to = Math.min(lines.length, at + 4);
    parts.push(`@@ -${from + 1},${to - from} +${from + 1},${to - from} @@`);
    for (let i = from; i < to; i++) {
      if (i === at) {
        parts.push(`-${lines[i]}`, `+${lines[i]} // changed`);
        next[i] = `${lines[i]} // changed`;
      } else parts.push(` ${lines[i]}`);
    }
  }
  return { patch: parts.join('\n') + '\n', expected: next.join('\n') + '\n' };
}

interface Timing {
  parse: number;
  locate: number;
  total: number;
  /** CPU time of this process (user + system), which a busy machine inflates far less than wall time. */
  cpu: number;
}

function run(size: number, hunks: number, reps: number): Timing {
  const lines = makeFile(size);
  const base = lines.join('\n') + '\n';
  const { patch, expected } = makePatch(lines, hunks);
  const times: Timing[] = [];
  for (let r = 0; r < reps; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const parsed = parseEdit(patch);
    const t1 = performance.now();
    const built = buildChangeSet(parsed, new Map([["big.ts", base]]));
    const out = renderFile(base, built.changeSet.files[0]);
    const t2 = performance.now();
    if (!built.ok || out !== expected) throw new Error(`wrong result at ${size} lines: ${JSON.stringify(built.refusals[0])}`);
    const c = process.cpuUsage(c0);
    times.push({ parse: t1 - t0, locate: t2 - t1, total: t2 - t0, cpu: (c.user + c.system) / 1000 });
  }
  times.sort((a, b) => a.total - b.total);
  return times[Math.floor(times.length / 2)];
}

const sizes = [1_000, 10_000, 50_000, 100_000];
console.log(`load average: ${loadavg().map((x) => x.toFixed(1)).join(' ')} (figures are wall-clock medians of 7 runs)`);
run(10_000, 1_000, 3); // warm up the JIT
console.log('lines     hunks   parse ms   locate+apply ms   total ms   cpu ms   total ms per 1k lines');
for (const size of sizes) {
  const hunks = Math.min(1_000, Math.floor(size / 8));
  const t = run(size, hunks, 7);
  console.log(
    `${String(size).padEnd(9)} ${String(hunks).padEnd(7)} ${t.parse.toFixed(1).padStart(8)}   ${t.locate.toFixed(1).padStart(15)}   ${t.total.toFixed(1).padStart(8)}   ${t.cpu.toFixed(1).padStart(6)}   ${((t.total / size) * 1000).toFixed(2).padStart(8)}`,
  );
}

// Streaming: the same kind of patch arriving in 64-character chunks, as a model writes it. Each
// push reports the complete hunks so far; it must not re-parse everything seen so far.
{
  console.log('\nstreaming parse (64-char chunks)');
  console.log('hunks     chars       pushes    total ms   µs per push   whole-text parse ms');
  for (const hunks of [500, 2_000, 8_000]) {
    const lines = makeFile(hunks * 10);
    const { patch } = makePatch(lines, hunks);
    const t0 = performance.now();
    const p = createStreamingParser();
    let pushes = 0;
    for (let i = 0; i < patch.length; i += 64, pushes++) p.push(patch.slice(i, i + 64));
    p.end();
    const total = performance.now() - t0;
    const t1 = performance.now();
    parseEdit(patch);
    const whole = performance.now() - t1;
    console.log(
      `${String(hunks).padEnd(9)} ${String(patch.length).padEnd(11)} ${String(pushes).padEnd(9)} ${total.toFixed(1).padStart(8)}   ${((total / pushes) * 1000).toFixed(1).padStart(11)}   ${whole.toFixed(1).padStart(8)}`,
    );
  }
}
