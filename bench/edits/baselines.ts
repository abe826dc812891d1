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
  const what = after === null ? 'deleted the file' : after === c.base ? 'left the file unchanged' : 'produced different text';
  return { outcome: 'wrong', reason: `${success ? 'reported success' : 'reported failure'} but ${what}${reason ? ` (${reason})` : ''}` };
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

interface Proc {
  code: number;
  out: string;
}

function exec(cmd: string, args: string[], cwd: string): Promise<Proc> {
  return new Promise((resolve) => {
    const child = execFile(cmd, args, { cwd, timeout: 15_000, env: { ...process.env, GIT_CEILING_DIRECTORIES: os.tmpdir() } }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : 999) : 0;
      resolve({ code, out: (stdout + stderr).trim() });
    });
    child.stdin?.end();
  });
}

let seq = 0;
const ROOT = fs.mkdtempSync(path.join(os.tmpdir(), 'forge-bench-'));
process.on('exit', () => fs.rmSync(ROOT, { recursive: true, force: true }));

/** Run a command-line patcher on a fresh copy of the base in a temp folder. */
export async function runCli(c: Case, tool: 'git' | 'patch'): Promise<ToolResult> {
  if (c.format !== 'unified') return { outcome: 'n/a' };
  const dir = path.join(ROOT, String(seq++));
  const work = path.join(dir, 'w');
  const file = path.join(work, c.path);
  const patchFile = path.join(dir, 'edit.diff');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, c.base);
  fs.writeFileSync(patchFile, c.edit);
  const r =
    tool === 'git'
      ? await exec('git', ['apply', '--recount', patchFile], work)
      : await exec('patch', ['-p1', '--fuzz=3', '-f', '--no-backup-if-mismatch', '-r', '-', '-i', patchFile], work);
  const after = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : null;
  fs.rmSync(dir, { recursive: true, force: true });
  return classify(c, r.code === 0, after, r.out.split('\n').slice(-1)[0]);
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
