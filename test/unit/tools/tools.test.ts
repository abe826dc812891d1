/** The tools on a real temp folder through the CLI's Node ports: paths, ignore rules, secrets, paging, validation. */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { IgnoreRules } from '../../../src/core/context/ignoreRules';
import { JsSearcher } from '../../../src/core/context/jsSearcher';
import { PathGuard } from '../../../src/core/context/pathGuard';
import type { Approval } from '../../../src/core/ports';
import { builtinRegistry } from '../../../src/core/tools/index';
import type { ToolContext, ToolNotice, ToolResult } from '../../../src/core/tools/tool';
import { NodeWorkspace } from '../../../src/node/nodeWorkspace';
import { nodeGrammarSource } from '../../../src/node/nodeGrammars';
import { TreeSitterOutliner } from '../../../src/core/context/treeSitterOutliner';
import { findRipgrep, RipgrepSearcher } from '../../../src/node/rgSearcher';

const FILES: Record<string, string> = {
  '.gitignore': 'dist/\n*.log\n',
  '.forgeignore': 'private/\n',
  'src/app.ts': 'export function main() {\n  return helper(1);\n}\n',
  'src/util/helper.ts': 'export const helper = (n: number) => n + 1;\n',
  'src/Build.LOG.ts': 'case matters\n',
  'src/.gitignore': 'generated.ts\n',
  'src/generated.ts': 'export const secret = "generated helper";\n',
  'dist/app.js': 'helper();\n',
  'debug.log': 'helper\n',
  'private/notes.md': 'helper notes\n',
  '.env': 'API_KEY=sk-123\n',
  '.env.example': 'API_KEY=\n',
  'certs/server.pem': '-----BEGIN-----\n',
  'big.txt': Array.from({ length: 1000 }, (_, i) => `line ${i + 1}`).join('\n') + '\n',
};

describe('tools', () => {
  let root: string;
  let outside: string;
  let ws: NodeWorkspace;
  const notices: ToolNotice[] = [];
  let approval: Approval;

  const ctx = (): ToolContext => {
    const paths = new PathGuard(ws);
    return {
      workspace: ws, paths, ignore: paths.ignore, searcher: new JsSearcher(ws, paths.ignore), approval,
      state: { plan: [], changedFiles: [], allowedCommands: [], commandAllowlist: [], secretReadsAllowed: [], commandTimeoutMs: 10_000, maxOutputChars: 10_000 },
      notify: (n) => notices.push(n),
    };
  };
  const run = (name: string, args: unknown, c = ctx()): Promise<ToolResult> =>
    builtinRegistry().execute({ id: 'c1', name, argumentsJson: JSON.stringify(args), arguments: args }, c);

  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'forge-tools-'));
    outside = fs.mkdtempSync(path.join(os.tmpdir(), 'forge-outside-'));
    fs.writeFileSync(path.join(outside, 'secret.txt'), 'outside\n');
    for (const [rel, text] of Object.entries(FILES)) {
      fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      fs.writeFileSync(path.join(root, rel), text);
    }
    fs.symlinkSync(outside, path.join(root, 'escape'));
    fs.symlinkSync(path.join(root, 'src'), path.join(root, 'srclink'));
    ws = new NodeWorkspace(root);
  });
  beforeEach(() => {
    approval = { reviewChangeSet: async (cs) => ({ changeSetId: cs.id, files: [], completed: false }) };
    notices.length = 0;
  });
  after(() => {
    fs.rmSync(root, { recursive: true, force: true });
    fs.rmSync(outside, { recursive: true, force: true });
  });

  describe('path guard', () => {
    it('resolves ., .. and symlinks inside the workspace', async () => {
      const g = new PathGuard(ws);
      assert.deepEqual(await g.resolve('./src/../src/app.ts'), { ok: true, path: 'src/app.ts', secret: false });
      assert.deepEqual(await g.resolve('srclink/app.ts'), { ok: true, path: 'src/app.ts', secret: false });
      assert.deepEqual(await g.resolve('src\\util\\helper.ts'), { ok: true, path: 'src/util/helper.ts', secret: false });
    });
    it('refuses paths that leave the workspace', async () => {
      const g = new PathGuard(ws);
      for (const [p, why] of [['../x', /leaves the workspace/], ['src/../../x', /leaves the workspace/], ['/etc/passwd', /absolute/],
        ['C:\\x', /absolute/], ['~/.ssh/id_rsa', /home folder/], ['escape/secret.txt', /outside the workspace/], ['.git/config', /\.git/]] as const) {
        const r = await g.resolve(p);
        assert.equal(r.ok, false, p);
        assert.match(!r.ok ? r.reason : '', why);
      }
    });
  });

  describe('ignore rules', () => {
    it('honours root and nested .gitignore and .forgeignore, case-sensitively', async () => {
      const rules = new IgnoreRules(ws);
      assert.equal((await rules.check('dist/app.js')).source, '.gitignore');
      assert.equal((await rules.check('debug.log')).ignored, true);
      assert.equal((await rules.check('src/Build.LOG.ts')).ignored, false, 'ignorecase: false');
      assert.equal((await rules.check('src/generated.ts')).source, 'src/.gitignore');
      assert.equal((await rules.check('private/notes.md')).source, '.forgeignore');
      assert.equal((await rules.check('src/app.ts')).ignored, false);
    });
    it('every tool honours them', async () => {
      assert.match((await run('read_file', { path: 'dist/app.js' })).content, /ignored by \.gitignore/);
      const list = (await run('list_dir', { path: '' })).content;
      assert.ok(list.includes('src/') && !list.includes('dist') && !list.includes('private') && !list.includes('debug.log'), list);
      const found = (await run('find_files', { glob: '**/*' })).content;
      assert.ok(!/dist\/|private\/|generated|debug\.log/.test(found), found);
      const search = (await run('search_text', { pattern: 'helper' })).content;
      assert.deepEqual(search.split('\n').slice(1).map((l) => l.split(':')[0]), ['src/app.ts', 'src/util/helper.ts']);
    });
  });

  describe('secrets', () => {
    it('never reads .env or keys without permission, and reads them once allowed', async () => {
      const denied = await run('read_file', { path: '.env' });
      assert.ok(denied.isError);
      assert.match(denied.content, /looks like it holds secrets/);
      assert.ok(!denied.content.includes('sk-123'));
      assert.match((await run('read_file', { path: 'certs/server.pem' })).content, /secrets/);
      assert.match((await run('read_file', { path: '.env.example' })).content, /API_KEY=/);
      const asked: string[] = [];
      approval = { ...approval, approveSecretRead: async (p) => (asked.push(p), true) };
      const c = ctx();
      assert.match((await run('read_file', { path: '.env' }, c)).content, /API_KEY=sk-123/);
      await run('read_file', { path: '.env' }, c);
      assert.deepEqual(asked, ['.env'], 'asked once per task');
    });
    it('search skips secret files', async () => {
      const r = await run('search_text', { pattern: 'API_KEY' });
      assert.match(r.content, /\.env\.example:1/);
      assert.ok(!r.content.includes('sk-123'));
    });
  });

  describe('read_file', () => {
    it('pages large files with a next-page hint', async () => {
      const first = (await run('read_file', { path: 'big.txt' })).content;
      assert.match(first, /^big\.txt \(lines 1-400 of 1000\)\n1\| line 1\n/);
      assert.match(first, /\[\.\.\. 600 more lines: call read_file with path "big\.txt" and startLine 401 for the next page\]$/);
      const range = (await run('read_file', { path: 'big.txt', startLine: 998, endLine: 2000 })).content;
      assert.equal(range, 'big.txt (lines 998-1000 of 1000)\n998| line 998\n999| line 999\n1000| line 1000');
      assert.match((await run('read_file', { path: 'big.txt', startLine: 1001 })).content, /has 1000 lines; startLine 1001 is past the end/);
    });
    it('says what is missing and suggests near names', async () => {
      const r = await run('read_file', { path: 'src/ap.ts' });
      assert.ok(r.isError);
      assert.match(r.content, /src\/ap\.ts does not exist\. Did you mean src\/app\.ts\?/);
    });
  });

  describe('registry', () => {
    it('turns bad arguments into a precise tool result', async () => {
      const r = await run('read_file', { startLine: 0, extra: true });
      assert.ok(r.isError);
      assert.match(r.content, /^Invalid arguments for read_file: path: expected string \(it is missing\); startLine: Too small: expected number to be >=1; \(arguments\): Unrecognized key: "extra"/);
      const bad = await builtinRegistry().execute({ id: 'x', name: 'read_file', argumentsJson: '{"path": "a', argumentsError: 'Unterminated string in JSON at position 11' }, ctx());
      assert.match(bad.content, /not valid JSON \(Unterminated string/);
      assert.match((await run('delete_everything', {})).content, /Unknown tool "delete_everything"\. Available tools: read_file, list_dir/);
    });
    it('gives the model JSON schemas', () => {
      const defs = builtinRegistry().definitions();
      const rf = defs.find((d) => d.name === 'read_file')!;
      assert.deepEqual((rf.parameters as any).required, ['path']);
      assert.equal((rf.parameters as any).additionalProperties, false);
      assert.ok(!('$schema' in rf.parameters));
    });
  });

  describe('propose_edits', () => {
    it('returns the engine\'s refusal with the closest text, and proposes nothing', async () => {
      const edit = 'src/app.ts\n<<<<<<< SEARCH\nfunction computeTotal(items) {\n  return items.reduce((s, i) => s + i.price, 0);\n}\n=======\nx\n>>>>>>> REPLACE\n';
      let reviewed = 0;
      approval = { reviewChangeSet: async (cs) => (reviewed++, { changeSetId: cs.id, files: [], completed: true }) };
      const r = await run('propose_edits', { edit });
      assert.equal(reviewed, 0);
      assert.ok(r.isError);
      assert.match(r.content, /^The edit could not be applied:\n- src\/app\.ts hunk 1: /);
      assert.match(r.content, /Nothing was proposed/);
      assert.equal(notices.length, 0);
    });
    it('proposes a located edit and reports the review outcome', async () => {
      approval = { reviewChangeSet: async (cs) => ({ changeSetId: cs.id, completed: true, files: [{ path: 'src/app.ts', decisions: [{ hunkIndex: 0, decision: { kind: 'accept' } }] }] }) };
      const r = await run('propose_edits', { edit: 'src/app.ts\n<<<<<<< SEARCH\n  return helper(1);\n=======\n  return helper(2);\n>>>>>>> REPLACE\n' });
      assert.equal(r.content, 'All changes were accepted and applied.\nupdate src/app.ts: hunk 1 accepted');
      assert.deepEqual(notices.map((n) => n.type), ['changeSetProposed', 'changeSetReviewed']);
    });
    it('tells the model what the user wrote instead of an edited hunk', async () => {
      approval = { reviewChangeSet: async (cs) => ({ changeSetId: cs.id, completed: true, files: [{ path: 'src/app.ts', decisions: [{ hunkIndex: 0, decision: { kind: 'edit', newLines: ['  return helper(40) + 2;'] } }] }] }) };
      const r = await run('propose_edits', { edit: 'src/app.ts\n<<<<<<< SEARCH\n  return helper(1);\n=======\n  return helper(2);\n>>>>>>> REPLACE\n' });
      assert.match(r.content, /hunk 1 accepted with the user's own edits/);
      assert.match(r.content, /lines 2-2 of src\/app\.ts now read/);
      assert.match(r.content, /- +return helper\(2\);\n +\+ 2 +return helper\(40\) \+ 2;/);
    });
    it('says how a hunk that did not match exactly was placed', async () => {
      approval = { reviewChangeSet: async (cs) => ({ changeSetId: cs.id, completed: true, files: [{ path: 'src/app.ts', decisions: [{ hunkIndex: 0, decision: { kind: 'accept' } }] }] }) };
      // The SEARCH line has its spaces doubled: found only when whitespace is ignored.
      const r = await run('propose_edits', { edit: 'src/app.ts\n<<<<<<< SEARCH\n  return  helper( 1 );\n=======\n  return helper(2);\n>>>>>>> REPLACE\n' });
      assert.equal(
        r.content,
        'All changes were accepted and applied.\nupdate src/app.ts: hunk 1 accepted (placed at line 2, whitespace-tolerant, 95%: matched when runs of whitespace are ignored; read it back if unsure)',
      );
    });
    it('tells the model exactly which hunks the user left undecided (not applied, still pending)', async () => {
      approval = { reviewChangeSet: async (cs) => ({ changeSetId: cs.id, completed: true, files: [{ path: 'src/app.ts', decisions: [{ hunkIndex: 0, decision: { kind: 'reject' }, pending: true }] }] }) };
      const r = await run('propose_edits', { edit: 'src/app.ts\n<<<<<<< SEARCH\n  return helper(1);\n=======\n  return helper(2);\n>>>>>>> REPLACE\n' });
      assert.match(r.content, /^The user left 1 hunk undecided: it is not applied and still waiting in their review/);
      assert.match(r.content, /update src\/app\.ts: hunk 1 left undecided \(not applied; still waiting in the user's review\)$/);
      assert.doesNotMatch(r.content, /rejected/);
    });
    it('refuses edits outside the workspace or to secret files', async () => {
      const out = await run('propose_edits', { edit: '*** Begin Patch\n*** Add File: ../evil.txt\n+x\n*** End Patch\n' });
      assert.match(out.content, /leaves the workspace/);
      const sec = await run('propose_edits', { edit: '*** Begin Patch\n*** Add File: .env.production\n+x\n*** End Patch\n' });
      assert.match(sec.content, /secrets file/);
      const link = await run('propose_edits', { edit: '*** Begin Patch\n*** Add File: escape/x.txt\n+x\n*** End Patch\n' });
      assert.match(link.content, /outside the workspace/);
      assert.ok(!fs.existsSync(path.join(outside, 'x.txt')));
    });
  });

  describe('code_outline', () => {
    it('lists classes, functions and methods with line ranges (tree-sitter)', async () => {
      fs.writeFileSync(path.join(root, 'src/shapes.ts'), 'export class Circle {\n  constructor(public r: number) {}\n  area(): number {\n    return Math.PI * this.r ** 2;\n  }\n}\n\nexport function unit(): Circle {\n  return new Circle(1);\n}\nconst double = (n: number) => n * 2;\ninterface Shape { area(): number }\n');
      fs.writeFileSync(path.join(root, 'src/tool.py'), 'class Tool:\n    def run(self, x):\n        return x\n\ndef main():\n    pass\n');
      const c = { ...ctx(), outliner: new TreeSitterOutliner(nodeGrammarSource()!) };
      const ts = await run('code_outline', { path: 'src/shapes.ts' }, c);
      assert.equal(ts.content, 'src/shapes.ts (6 symbols):\n1-6 class export class Circle\n  2-2 method constructor(public r: number)\n  3-5 method area(): number\n8-10 function export function unit(): Circle\n11-11 function double = (n: number) => n * 2\n12-12 interface interface Shape { area(): number }');
      const py = await run('code_outline', { path: 'src/tool.py' }, c);
      assert.equal(py.content, 'src/tool.py (3 symbols):\n1-3 class class Tool:\n  2-3 function def run(self, x):\n5-6 function def main():');
      assert.match((await run('code_outline', { path: 'big.txt' }, c)).content, /No outline support/);
      assert.match((await run('code_outline', { path: 'src/shapes.ts' })).content, /not available in this host/);
    });
  });

  describe('search_text with ripgrep', () => {
    it('finds the same lines as the JS searcher', async function () {
      const rg = findRipgrep();
      if (!rg) this.skip();
      const q = { pattern: 'helper', maxResults: 50 };
      const js = await new JsSearcher(ws, new IgnoreRules(ws)).search(q);
      const viaRg = await new RipgrepSearcher(ws.root, rg!).search(q);
      assert.deepEqual(viaRg, js);
      const secret = await new RipgrepSearcher(ws.root, rg!).search({ pattern: 'sk-123', maxResults: 5 });
      assert.deepEqual(secret.matches, []);
    });
  });
});
