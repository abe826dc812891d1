/**
 * Edit-format conformance: one table per peer suite (OpenAI's apply_patch scenarios, Aider's
 * editblock tests, git apply / GNU patch), over Forge's own fixture folders that carry a
 * conformance.json (test/fixtures/edits/NNN_*): { suite, behaviour, reference, difference? }.
 * `reference` is what the peer does: applies | refuses | applies-first | applies-partially.
 * For the unified-diff suite the reference is also measured: `git apply` and `patch` run on
 * every case in the same run, and a recorded answer that disagrees with them is reported.
 *
 *   npx tsx bench/conformance.ts [--json]
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runApply } from '../src/cli/apply/applyCommand';
import { captureIo, readTree } from '../test/unit/edits/fixtureHelpers';

const FIXTURES = path.resolve(__dirname, '../test/fixtures/edits');

interface Meta {
  suite: string;
  behaviour: string;
  reference: 'applies' | 'refuses' | 'applies-first' | 'applies-partially';
  difference?: string;
}

type Outcome = 'applied' | 'refused' | 'wrong';

interface Row {
  name: string;
  meta: Meta;
  forge: Outcome;
  git?: string;
  patch?: string;
}

const sameTree = (a: Map<string, Buffer>, b: Map<string, Buffer>): boolean =>
  a.size === b.size && [...a].every(([p, bytes]) => b.get(p)?.equals(bytes) === true);

function copy(from: string, to: string): void {
  fs.mkdirSync(to, { recursive: true });
  if (fs.existsSync(from)) fs.cpSync(from, to, { recursive: true });
}

async function runForge(dir: string, tmp: string): Promise<Outcome> {
  const root = path.join(tmp, 'forge');
  copy(path.join(dir, 'input'), root);
  const before = readTree(root);
  const code = await runApply(['--root', root, '--json', path.join(dir, 'patch.txt')], captureIo(tmp));
  const after = readTree(root);
  const expectedDir = path.join(dir, 'expected');
  if (fs.existsSync(expectedDir)) return code === 0 && sameTree(after, readTree(expectedDir)) ? 'applied' : 'wrong';
  return code !== 0 && sameTree(after, before) ? 'refused' : 'wrong';
}

/** What a command-line patcher does with the case: applied (same bytes as expected/), applied-other, refused. */
function runTool(dir: string, tmp: string, tool: 'git' | 'patch'): string {
  const root = path.join(tmp, tool);
  copy(path.join(dir, 'input'), root);
  const before = readTree(root);
  const patch = path.join(dir, 'patch.txt');
  let ok = true;
  try {
    if (tool === 'git') execFileSync('git', ['apply', patch], { cwd: root, stdio: 'ignore' });
    else execFileSync('patch', ['-p1', '-f', '--no-backup-if-mismatch', '-r', '-', '-s', '-i', patch], { cwd: root, stdio: 'ignore' });
  } catch {
    ok = false;
  }
  const after = readTree(root);
  if (!ok) return sameTree(after, before) ? 'refuses' : 'refuses (left changes)';
  const expectedDir = path.join(dir, 'expected');
  return fs.existsSync(expectedDir) && sameTree(after, readTree(expectedDir)) ? 'applies' : 'applies (other bytes)';
}

async function main(): Promise<void> {
  const json = process.argv.includes('--json');
  const rows: Row[] = [];
  const tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'forge-conformance-'));
  try {
    for (const name of fs.readdirSync(FIXTURES).sort()) {
      const metaFile = path.join(FIXTURES, name, 'conformance.json');
      if (!fs.existsSync(metaFile)) continue;
      const meta = JSON.parse(fs.readFileSync(metaFile, 'utf8')) as Meta;
      const dir = path.join(FIXTURES, name);
      const tmp = path.join(tmpRoot, name);
      fs.mkdirSync(tmp);
      const row: Row = { name, meta, forge: await runForge(dir, tmp) };
      if (meta.suite.startsWith('unified')) {
        row.git = runTool(dir, tmp, 'git');
        row.patch = runTool(dir, tmp, 'patch');
      }
      rows.push(row);
    }
  } finally {
    fs.rmSync(tmpRoot, { recursive: true, force: true });
  }
  if (json) {
    console.log(JSON.stringify(rows, null, 2));
    return;
  }
  const suites = [...new Set(rows.map((r) => r.meta.suite))];
  console.log('| suite | cases | same as reference | wrong | refused where the reference applies | applied where the reference refuses | both refuse |');
  console.log('|---|---|---|---|---|---|---|');
  for (const s of suites) {
    const rs = rows.filter((r) => r.meta.suite === s);
    const refApplies = (r: Row) => r.meta.reference !== 'refuses';
    const count = (f: (r: Row) => boolean) => rs.filter(f).length;
    console.log(
      `| ${s} | ${rs.length} | ${count((r) => r.forge === 'applied' && r.meta.reference === 'applies')} | ${count((r) => r.forge === 'wrong')} | ${count((r) => r.forge === 'refused' && refApplies(r))} | ${count((r) => r.forge === 'applied' && !refApplies(r))} | ${count((r) => r.forge === 'refused' && !refApplies(r))} |`,
    );
  }
  console.log('\nDeliberate differences (Forge answers otherwise than the reference, with the reason):');
  for (const r of rows) {
    const differs = (r.forge === 'refused') !== (r.meta.reference === 'refuses') || r.meta.reference === 'applies-first' || r.meta.reference === 'applies-partially';
    if (!differs) continue;
    console.log(`- ${r.name} (${r.meta.behaviour}): reference ${r.meta.reference}, Forge ${r.forge}. ${r.meta.difference ?? 'NO REASON RECORDED'}`);
  }
  const measured = rows.filter((r) => r.git !== undefined);
  if (measured.length) {
    console.log('\nUnified diffs, measured in this run (git apply / patch -p1 with its default fuzz):');
    for (const r of measured) console.log(`- ${r.name}: recorded ${r.meta.reference}; git apply ${r.git}; patch ${r.patch}; Forge ${r.forge}`);
  }
  const wrong = rows.filter((r) => r.forge === 'wrong');
  if (wrong.length) console.log(`\nWRONG: ${wrong.map((r) => r.name).join(', ')}`);
}

void main();
