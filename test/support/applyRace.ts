/**
 * Two `forge apply` processes against the same file at the same moment (both started first, then
 * given their edits on standard input together), for the one-writer test and bench. An edit is lost
 * when a process reports success but its change is not in the file afterwards.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

const REPO = path.resolve(__dirname, '../..');

export interface RaceOutcome {
  /** Exit codes of the two processes. */
  codes: [number | null, number | null];
  /** Successful edits whose change is missing from the final file. */
  lost: number;
  /** The final file is not the base with the successful edits applied (or refusals left changes). */
  corrupt: boolean;
  /** Output of a process that refused (for the "changed on disk" wording). */
  refusals: string[];
}

/**
 * The command line that runs the CLI: `cli` (a bundled CLI, e.g. from bench/concurrentApply.ts) when
 * given; dist/cli.js when built and FORGE_CLI_DIST=1; else tsx on the source.
 */
export function forgeArgv(args: string[], cli?: string): string[] {
  if (cli) return [cli, ...args];
  const dist = path.join(REPO, 'dist/cli.js');
  if (process.env.FORGE_CLI_DIST === '1' && fs.existsSync(dist)) return [dist, ...args];
  return ['--import', pathToFileURL(path.join(REPO, 'node_modules/tsx/dist/loader.mjs')).href, path.join(REPO, 'src/cli/main.ts'), ...args];
}

function lines(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `line ${i + 1} of the shared file`);
}

function editOf(base: string[], at: number, text: string): string {
  const from = Math.max(0, at - 3);
  const to = Math.min(base.length, at + 4);
  const body = base.slice(from, to).map((l, i) => (from + i === at ? `-${l}\n+${text}` : ` ${l}`));
  return `--- a/shared.txt\n+++ b/shared.txt\n@@ -${from + 1},${to - from} +${from + 1},${to - from} @@\n${body.join('\n')}\n`;
}

/** One trial; `sameLine`: both edits change the same line in two different ways. */
export async function raceTrial(opts: { sameLine: boolean; size?: number; cli?: string }): Promise<RaceOutcome> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'forge-race-'));
  try {
    const base = lines(opts.size ?? 2_000);
    fs.writeFileSync(path.join(root, 'shared.txt'), base.join('\n') + '\n');
    const at = [Math.floor(base.length / 3), opts.sameLine ? Math.floor(base.length / 3) : Math.floor((2 * base.length) / 3)];
    const texts = ['changed by writer A', 'changed by writer B'];
    const kids = [0, 1].map(() => spawn(process.execPath, forgeArgv(['apply', '--root', root, '-'], opts.cli), { env: { ...process.env, NODE_OPTIONS: '' } }));
    const outputs = kids.map((k) => {
      let out = '';
      k.stdout.on('data', (d) => (out += d));
      k.stderr.on('data', (d) => (out += d));
      return new Promise<{ code: number | null; out: string }>((res) => k.on('close', (code) => res({ code, out })));
    });
    // Both processes are up (waiting on stdin) before either gets its edit.
    await new Promise((r) => setTimeout(r, 50));
    kids.forEach((k, i) => k.stdin.end(editOf(base, at[i], texts[i])));
    const done = await Promise.all(outputs);
    const final = fs.readFileSync(path.join(root, 'shared.txt'), 'utf8').split('\n');
    let lost = 0;
    done.forEach((d, i) => {
      if (d.code === 0 && final[at[i]] !== texts[i]) lost++;
    });
    const expected = [...base];
    done.forEach((d, i) => {
      if (d.code === 0) expected[at[i]] = final[at[i]] === texts[i] ? texts[i] : expected[at[i]];
    });
    const corrupt = final.join('\n') !== expected.join('\n') + '\n' || fs.readdirSync(root).length !== 1;
    return { codes: [done[0].code, done[1].code], lost, corrupt, refusals: done.filter((d) => d.code !== 0).map((d) => d.out) };
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}
