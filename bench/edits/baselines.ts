/**
 * The tools Forge is compared with, each run on the same case: jsdiff `applyPatch` (fuzzFactor 0 and 2)
 * in process, `git apply --recount` and GNU `patch -p1 --fuzz=3` as child processes in temp folders.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { applyPatch } from 'diff';
import type { Case, ToolResult } from './types';

export const BASELINES = ['jsdiff fuzz0', 'jsdiff fuzz2', 'git apply --recount', 'patch --fuzz=3'] as const;
export type BaselineName = (typeof BASELINES)[number];

/** correct: success and byte-identical; refused: failure and the file untouched; anything else is wrong. */
export function classify(c: Case, success: boolean, after: string | null, reason?: string): ToolResult {
  if (success && after === c.truth) return { outcome: 'correct' };
  if (!success && after === c.base) return { outcome: 'refused', reason };
  const what = after === null ? 'deleted the file' : after === c.base ? 'left the file unchanged' : `produced different text (${firstDifference(c.truth, after)})`;
  return { outcome: 'wrong', reason: `${success ? 'reported success' : 'reported failure'} but ${what}${reason ? ` (${reason})` : ''}` };
}

/** "line N: expected «a» got «b»" for the first line where two texts differ. */
export function firstDifference(want: string, got: string): string {
  const a = want.split('\n');
  const b = got.split('\n');
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const show = (x: string | undefined) => (x === undefined ? 'end of file' : JSON.stringify(x.length > 70 ? x.slice(0, 70) + '…' : x));
  return `line ${i + 1}: expected ${show(a[i])}, got ${show(b[i])}`;
}

export function runJsdiff(c: Case, fuzzFactor: number): ToolResult {
  if (c.format !== 'unified') return { outcome: 'n/a' };
  try {
    const r = applyPatch(c.base, c.edit, { fuzzFactor });
    return r === false ? classify(c, false, c.base, 'hunk did not fit') : classify(c, true, r);
  } catch (e) {
    return classify(c, false, c.base, `threw: ${(e as Error).message.split('\n')[0]}`);
  }
}

let seq = 0;
const ROOT = fs.mkdtempSync(path.join(os.tmpdir(), 'forge-bench-'));
process.on('exit', () => fs.rmSync(ROOT, { recursive: true, force: true }));

const COMMANDS = {
  git: 'git apply --recount ../edit.diff',
  patch: 'patch -p1 --fuzz=3 -f --no-backup-if-mismatch -r - -i ../edit.diff',
} as const;

// One bash per batch runs the tool once per case folder: far cheaper than a Node spawn per case.
const LOOP = 'for d in "$@"; do cd "$d/w" && $CMD </dev/null >"$d/out" 2>&1; echo $? >"$d/rc"; done';

/** Run a command-line patcher on fresh copies of each case's base, in temp folders. */
export async function runCliBatch(cases: readonly Case[], tool: keyof typeof COMMANDS): Promise<ToolResult[]> {
  const dirs = cases.map((c) => {
    if (c.format !== 'unified') return undefined;
    const dir = path.join(ROOT, String(seq++));
    const file = path.join(dir, 'w', c.path);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, c.base);
    fs.writeFileSync(path.join(dir, 'edit.diff'), c.edit);
    return dir;
  });
  const live = dirs.filter((d): d is string => d !== undefined);
  if (live.length > 0) {
    await new Promise<void>((resolve) =>
      execFile('bash', ['-c', LOOP, 'loop', ...live], {
        env: { ...process.env, CMD: COMMANDS[tool], GIT_CEILING_DIRECTORIES: ROOT },
        maxBuffer: 1 << 24,
      }, () => resolve()),
    );
  }
  return cases.map((c, i) => {
    const dir = dirs[i];
    if (!dir) return { outcome: 'n/a' };
    const file = path.join(dir, 'w', c.path);
    const after = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : null;
    const rc = Number(fs.readFileSync(path.join(dir, 'rc'), 'utf8').trim());
    const out = fs.readFileSync(path.join(dir, 'out'), 'utf8').trim();
    fs.rmSync(dir, { recursive: true, force: true });
    return classify(c, rc === 0, after, out.split('\n').slice(-1)[0]);
  });
}

/** Runs async jobs with at most `limit` in flight (2 cores: 2 child processes at a time). */
export async function pool<T>(jobs: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const out: T[] = new Array(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const i = next++;
      out[i] = await jobs[i]();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, jobs.length) }, worker));
  return out;
}
