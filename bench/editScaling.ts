/**
 * Edit engine cost against the number of hunks and the size of the edit, up to ~10 MB edits:
 * parse + locate + render, per edit shape, with the growth ratio between rows (linear cost: the
 * time ratio follows the size ratio, 4x per row). Each case runs in its own process with a time cap,
 * for this tree and, with --baseline REV, for an older commit in the same run.
 * Run: npx tsx bench/editScaling.ts [--baseline REV] [--max HUNKS] [--cap SECONDS]
 */
import { execSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

const REPO = path.resolve(__dirname, '..');

/** A file of n similar 6-line blocks; block i has one line of its own ("key{i}"). */
function blocks(n: number, distinct: boolean): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    out.push('def handler(request):', `    value = request.get("key${distinct ? i : ''}")`, '    if value is None:', '        return None', '    return process(value)', '');
  }
  return out;
}

type Shape = { name: string; make: (n: number) => { base: string; edit: string; applies: boolean } };

export const SHAPES: Shape[] = [
  {
    name: 'unified, distinct hunks',
    make: (n) => {
      const parts = ['--- a/f.py', '+++ b/f.py'];
      for (let i = 0; i < n; i++) parts.push(`@@ -${i * 6 + 2},3 +${i * 6 + 2},3 @@`, `     value = request.get("key${i}")`, '-    if value is None:', '+    if not value:', '         return None');
      return { base: blocks(n, true).join('\n') + '\n', edit: parts.join('\n') + '\n', applies: true };
    },
  },
  {
    name: 'apply_patch, similar hunks',
    make: (n) => {
      const parts = ['*** Begin Patch', '*** Update File: f.py'];
      for (let i = 0; i < n; i++) parts.push('@@', `     value = request.get("key${i}")`, '-    if value is None:', '+    if not value:', '         return None');
      parts.push('*** End Patch');
      return { base: blocks(n, true).join('\n') + '\n', edit: parts.join('\n') + '\n', applies: true };
    },
  },
  {
    name: 'SEARCH/REPLACE, similar',
    make: (n) => {
      const parts: string[] = [];
      for (let i = 0; i < n; i++) parts.push('f.py', '<<<<<<< SEARCH', `    value = request.get("key${i}")`, '    if value is None:', '=======', `    value = request.get("key${i}")`, '    if not value:', '>>>>>>> REPLACE', '');
      return { base: blocks(n, true).join('\n') + '\n', edit: parts.join('\n'), applies: true };
    },
  },
  {
    name: 'unified, identical hunks',
    make: (n) => {
      // Every block and every hunk the same: only the line numbers say where each goes.
      const parts = ['--- a/f.py', '+++ b/f.py'];
      for (let i = 0; i < n; i++) parts.push(`@@ -${i * 6 + 1},4 +${i * 6 + 1},4 @@`, ' def handler(request):', '     value = request.get("key")', '-    if value is None:', '+    if not value:', '         return None');
      return { base: blocks(n, false).join('\n') + '\n', edit: parts.join('\n') + '\n', applies: true };
    },
  },
  {
    name: 'unified, identical hunks, line numbers 3 off',
    make: (n) => {
      // Each stated line is exactly between two equal places: placed by the drift of neighbours.
      const parts = ['--- a/f.py', '+++ b/f.py'];
      for (let i = 0; i < n; i++) parts.push(`@@ -${i * 6 + 4},4 +${i * 6 + 4},4 @@`, ' def handler(request):', '     value = request.get("key")', '-    if value is None:', '+    if not value:', '         return None');
      return { base: blocks(n, false).join('\n') + '\n', edit: parts.join('\n') + '\n', applies: true };
    },
  },
  {
    name: 'unified, one hunk repeated',
    make: (n) => {
      // The same hunk n times against a small file: all but one overlap and are refused.
      const parts = ['--- a/f.py', '+++ b/f.py'];
      for (let i = 0; i < n; i++) parts.push('@@ -8,3 +8,3 @@', '     value = request.get("key1")', '-    if value is None:', '+    if not value:', '         return None');
      return { base: blocks(20, true).join('\n') + '\n', edit: parts.join('\n') + '\n', applies: false };
    },
  },
  {
    name: 'SEARCH/REPLACE, one block, many places',
    make: (n) => {
      // n equal blocks in the file and the same SEARCH n times: every block is ambiguous and refused.
      const parts: string[] = [];
      for (let i = 0; i < n; i++) parts.push('f.py', '<<<<<<< SEARCH', '    if value is None:', '        return None', '=======', '    if not value:', '        return None', '>>>>>>> REPLACE', '');
      return { base: blocks(n, false).join('\n') + '\n', edit: parts.join('\n'), applies: false };
    },
  },
];

async function runOne(srcRoot: string, shape: string, n: number): Promise<void> {
  // src/core/edits/<step>/x.ts since the engine was split by step; a baseline commit may predate that.
  const at = (step: string, name: string) => {
    const split = path.join(srcRoot, 'src/core/edits', step, `${name}.ts`);
    return pathToFileURL(fs.existsSync(split) ? split : path.join(srcRoot, 'src/core/edits', `${name}.ts`)).href;
  };
  const { parseEdit } = await import(at('parse', 'parseEdit'));
  const { buildChangeSet } = await import(at('changeSet', 'buildChangeSet'));
  const { renderFile } = await import(at('changeSet', 'textDoc'));
  const { base, edit, applies } = SHAPES.find((s) => s.name === shape)!.make(n);
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const built = buildChangeSet(parseEdit(edit), new Map([['f.py', base]]));
  if (built.ok) renderFile(base, built.changeSet.files[0]);
  const ms = performance.now() - t0;
  const c = process.cpuUsage(c0);
  if (built.ok !== applies) throw new Error(`unexpected result: ${built.refusals[0]?.reason}`);
  process.stdout.write(JSON.stringify({ ms, cpu: (c.user + c.system) / 1000, bytes: edit.length }));
}

function main(): void {
  const arg = (name: string) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  const max = Number(arg('--max') ?? 65_536);
  const cap = Number(arg('--cap') ?? 60);
  const trees: Array<[string, string]> = [['this tree', REPO]];
  let work: string | undefined;
  const rev = arg('--baseline');
  if (rev) {
    work = fs.mkdtempSync(path.join(tmpdir(), 'forge-bench-scaling-'));
    execSync(`git archive ${rev} src | tar -x -C ${work}`, { cwd: REPO });
    fs.symlinkSync(path.join(REPO, 'node_modules'), path.join(work, 'node_modules'));
    trees.push([`baseline ${rev}`, work]);
  }
  const loader = pathToFileURL(path.join(REPO, 'node_modules/tsx/dist/loader.mjs')).href;
  console.log(`load average: ${loadavg().map((x) => x.toFixed(1)).join(' ')}; one process per case, capped at ${cap} s; ratio = CPU time / CPU time of the row above (hunks and edit size grow 4x per row; wall time on a busy machine is mostly waiting)`);
  try {
    for (const shape of SHAPES) {
      console.log(`\n${shape.name}`);
      console.log('tree                 hunks    edit KB     total ms     cpu ms   cpu µs/hunk   ratio');
      for (const [name, root] of trees) {
        let prev: number | undefined;
        for (let n = 1024; n <= max; n *= 4) {
          const r = spawnSync(process.execPath, ['--import', loader, __filename, '--one', root, shape.name, String(n)], { encoding: 'utf8', timeout: cap * 1000, maxBuffer: 1 << 20 });
          if (r.status !== 0) {
            console.log(`${name.padEnd(20)} ${String(n).padStart(6)}   ${r.signal ? `> ${cap} s (stopped)` : `failed: ${(r.stderr || '').split('\n').find((l) => l.trim()) ?? ''}`}`);
            break;
          }
          const t = JSON.parse(r.stdout) as { ms: number; cpu: number; bytes: number };
          const ratio = prev ? (t.cpu / prev).toFixed(1) : '';
          console.log(`${name.padEnd(20)} ${String(n).padStart(6)}   ${(t.bytes / 1024).toFixed(0).padStart(8)}   ${t.ms.toFixed(0).padStart(10)}   ${t.cpu.toFixed(0).padStart(8)}   ${((t.cpu * 1000) / n).toFixed(0).padStart(11)}   ${ratio.padStart(5)}`);
          prev = t.cpu;
        }
      }
    }
  } finally {
    if (work) fs.rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--one') void runOne(process.argv[3], process.argv[4], Number(process.argv[5]));
else main();

