/** @-mentions: parsing, the completion list, and each mention resolved within its budget through real files. */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { JsSearcher } from '../../../src/core/context/jsSearcher';
import { PathGuard } from '../../../src/core/context/pathGuard';
import { fuzzyScore, fuzzyTop } from '../../../src/core/context/mentions/fuzzy';
import { mentionText, parseMentions } from '../../../src/core/context/mentions/mention';
import { completeMention } from '../../../src/core/context/mentions/mentionCompletion';
import { MentionResolver } from '../../../src/core/context/mentions/mentionResolver';
import { chipsOf, selectForRequest } from '../../../src/core/context/mentions/requestContext';
import { countTokens } from '../../../src/core/context/tokens';
import type { MentionSources, OutlineSymbol } from '../../../src/core/ports';
import { NodeWorkspace } from '../../../src/node/nodeWorkspace';

const INVOICE = ['export interface Line { amount: number }', '', 'export function total(lines: Line[]): number {', '  return lines.reduce((s, l) => s + l.amount, 0);', '}', ''].join('\n');

describe('@-mentions', () => {
  describe('parsing', () => {
    it('finds every kind, line ranges, staged changes; ignores e-mail addresses and unknown kinds', () => {
      const m = parseMentions('Fix @file:src/a.ts:10-40 and @folder:src/billing/ using @symbol:total, @problems @changes:staged @changes @selection @terminal. Mail me@file:x @nope:y @file:src/a.ts:10-40');
      assert.deepEqual(m.map(mentionText), ['@file:src/a.ts:10-40', '@folder:src/billing', '@symbol:total', '@problems', '@changes:staged', '@changes', '@selection', '@terminal']);
      assert.deepEqual(m[0], { kind: 'file', arg: 'src/a.ts', lines: { start: 10, end: 40 } });
      assert.deepEqual(parseMentions('@file: @symbol @changes:foo @problems:x'), [], 'malformed mentions are plain text');
      assert.deepEqual(parseMentions('@file:my%20notes.md')[0], { kind: 'file', arg: 'my notes.md' });
    });
  });

  describe('fuzzy matching and the list', () => {
    it('scores runs, segment starts and file names higher; non-subsequences are out', () => {
      assert.equal(fuzzyScore('xyz', 'src/billing/invoice.ts'), -1);
      assert.ok(fuzzyScore('inv', 'src/billing/invoice.ts') > fuzzyScore('inv', 'src/in/vendor/x.ts'));
      assert.deepEqual(fuzzyTop('invts', ['src/invoice.ts', 'docs/invariants.md', 'src/billing/invoiceTotals.ts', 'README.md'], (s) => s, 2), ['src/invoice.ts', 'src/billing/invoiceTotals.ts']);
    });

    it('offers the kinds for "@", files for "@inv" and "@file:", folders, symbols from the host, a line range as typed', async () => {
      const files = ['src/billing/invoice.ts', 'src/billing/tax.ts', 'src/users/profile.ts', 'README.md'];
      const listing = { files: async () => files, symbols: async (q: string) => [{ name: 'total', kind: 'function', path: 'src/billing/invoice.ts', startLine: 3, endLine: 5 }].filter((s) => s.name.includes(q)) };
      assert.deepEqual((await completeMention('', listing)).map((i) => i.label), ['@file', '@folder', '@symbol', '@problems', '@changes', '@changes:staged', '@selection', '@terminal']);
      const inv = await completeMention('inv', listing);
      assert.deepEqual(inv.map((i) => i.insert), ['@file:src/billing/invoice.ts ']);
      assert.deepEqual((await completeMention('file:prof', listing)).map((i) => [i.label, i.detail]), [['profile.ts', 'src/users']]);
      assert.deepEqual((await completeMention('folder:bil', listing)).map((i) => i.insert), ['@folder:src/billing ']);
      assert.deepEqual((await completeMention('symbol:tot', listing)).map((i) => [i.insert, i.detail]), [['@symbol:total ', 'function · src/billing/invoice.ts:3']]);
      assert.deepEqual((await completeMention('file:src/billing/tax.ts:2-3', listing)).map((i) => i.insert), ['@file:src/billing/tax.ts:2-3 ']);
      assert.deepEqual((await completeMention('ch', listing)).map((i) => i.label).slice(0, 2), ['@changes', '@changes:staged']);
    });

    it('answers from 80,000 paths, capped (speed: bench/mentionCompletion.ts)', async () => {
      const files = Array.from({ length: 80_000 }, (_, i) => `pkg${i % 400}/src/module${i}/file${i}.ts`);
      const items = await completeMention('file:module12/file12.ts', { files: async () => files }, 50);
      assert.equal(items.length, 50);
      assert.equal(items[0]!.insert, '@file:pkg12/src/module12/file12.ts ');
    });
  });

  describe('resolving', () => {
    let root: string;
    let resolver: MentionResolver;
    const sources: MentionSources = {
      symbols: async (q) => (q === 'total' ? [{ name: 'total', kind: 'function', path: 'src/billing/invoice.ts', startLine: 3, endLine: 5 }] : q === 'Hidden' ? [{ name: 'Hidden', kind: 'class', path: 'build/out.ts', startLine: 1, endLine: 1 }] : []),
      changes: async (staged) => (staged ? '' : 'diff --git a/x b/x\n+added line with sk-secret-value-123456\n'),
      selection: async () => ({ path: 'src/billing/invoice.ts', startLine: 3, endLine: 4, text: 'export function total(lines: Line[]): number {\n  return lines.reduce((s, l) => s + l.amount, 0);' }),
      terminalOutput: async () => 'the terminal has no shell integration, so its output cannot be read',
    };
    before(() => {
      root = fs.mkdtempSync(path.join(os.tmpdir(), 'forge-mentions-'));
      const files: Record<string, string> = {
        '.gitignore': 'build/\n',
        '.forgeignore': 'private/\n',
        '.env': 'API_KEY=sk-secret-value-123456\n',
        'build/out.ts': 'export class Hidden {}\n',
        'private/notes.md': 'secret plans\n',
        'src/billing/invoice.ts': INVOICE,
        'src/billing/index.ts': "export * from './invoice';\n",
        'src/big.ts': Array.from({ length: 3000 }, (_, i) => `export const value${i} = ${i}; // a line of filler text`).join('\n'),
      };
      for (const [rel, text] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
        fs.writeFileSync(path.join(root, rel), text);
      }
      const ws = new NodeWorkspace(root);
      const outliner = {
        outline: async (p: string, text: string): Promise<OutlineSymbol[] | null> => (p.endsWith('.ts') ? text.split('\n').flatMap((l, i) => {
          const m = /export (?:function|class|interface) (\w+)/.exec(l);
          return m ? [{ kind: 'function', name: m[1]!, signature: l.trim(), startLine: i + 1, endLine: i + 1, depth: 0 }] : [];
        }) : null),
      };
      resolver = new MentionResolver({
        workspace: ws, guard: new PathGuard(ws), sources, outliner,
        diagnostics: { get: async () => [{ path: 'src/billing/invoice.ts', line: 4, column: 3, severity: 'error', message: 'Type mismatch', source: 'ts' }, { path: 'src/x.ts', line: 1, column: 1, severity: 'hint', message: 'ignored hint' }] },
        redact: (t) => t.split('sk-secret-value-123456').join('[redacted secret]'),
      });
    });
    after(() => fs.rmSync(root, { recursive: true, force: true }));
    const one = async (text: string, budget = 2000) => resolver.resolve(parseMentions(text)[0]!, budget);

    it('@file: the whole file or the range, numbered; Open goes to the first line', async () => {
      const all = await one('@file:src/billing/invoice.ts');
      assert.equal(all.text, `src/billing/invoice.ts (6 lines):\n${INVOICE.split('\n').map((l, i) => `${i + 1}| ${l}`).join('\n')}`);
      assert.equal(all.tokens, await countTokens(all.text));
      const range = await one('@file:src/billing/invoice.ts:3-4');
      assert.equal(range.text, 'src/billing/invoice.ts (lines 3-4 of 6):\n3| export function total(lines: Line[]): number {\n4|   return lines.reduce((s, l) => s + l.amount, 0);');
      assert.deepEqual(range.open, { path: 'src/billing/invoice.ts', line: 3 });
      assert.equal(range.key, '@file:src/billing/invoice.ts:3-4');
    });

    it('a large file is cut at a line to its budget and says so', async () => {
      const r = await one('@file:src/big.ts', 500);
      assert.ok(r.tokens <= 500, `${r.tokens} tokens`);
      assert.match(r.text, /\n\[\.\.\. \d+ more lines cut to fit 500 tokens\]$/);
      assert.ok(r.text.includes('1| export const value0 = 0;'));
    });

    it('ignored and secret files are withheld with the reason, not dropped', async () => {
      const secret = await one('@file:.env');
      assert.match(secret.withheld!, /\.env looks like a secrets file/);
      assert.ok(!secret.text.includes('sk-secret'), 'the secret never appears');
      assert.equal(secret.text, `(@file:.env ${secret.withheld})`);
      assert.match((await one('@file:build/out.ts')).withheld!, /ignored by \.gitignore/);
      assert.match((await one('@file:private/notes.md')).withheld!, /ignored by \.forgeignore/);
      assert.match((await one('@file:../etc/passwd')).withheld!, /leaves the workspace/);
      assert.match((await one('@file:src/nope.ts')).withheld!, /does not exist/);
      assert.match((await one('@folder:private')).withheld!, /ignored by \.forgeignore/);
      assert.match((await one('@symbol:Hidden')).withheld!, /build\/out\.ts.*ignored by \.gitignore/);
    });

    it('@folder: its tree without ignored files, and outlines of its main files', async () => {
      const r = await one('@folder:src');
      assert.match(r.text, /^src\/ \(3 files, ignored ones left out\):\nbig\.ts\nbilling\/index\.ts\nbilling\/invoice\.ts/);
      assert.match(r.text, /Outline of src\/billing\/invoice\.ts:\n1-1 function export interface Line/);
      const rootTree = await one('@folder:.');
      assert.ok(!rootTree.text.includes('build/out.ts') && !rootTree.text.includes('private/') , rootTree.text);
    });

    it('@symbol: the definition from the workspace symbols; by outline when the host has none', async () => {
      const r = await one('@symbol:total');
      assert.equal(r.text, 'function total in src/billing/invoice.ts, lines 3-5:\n3| export function total(lines: Line[]): number {\n4|   return lines.reduce((s, l) => s + l.amount, 0);\n5| }');
      const ws = new NodeWorkspace(root);
      const guard = new PathGuard(ws);
      const byOutline = new MentionResolver({ workspace: ws, guard, searcher: new JsSearcher(ws, guard.ignore), outliner: (resolver as unknown as { d: { outliner: never } }).d.outliner });
      const o = await byOutline.resolve({ kind: 'symbol', arg: 'total' }, 1000);
      assert.match(o.text, /^function total in src\/billing\/invoice\.ts, lines 3-3:\n3\| export function total/);
      assert.match((await byOutline.resolve({ kind: 'symbol', arg: 'Nowhere' }, 1000)).withheld!, /was not found/);
    });

    it('the @symbol list from the outline index (no workspace symbols): names holding the query, ignored files skipped', async () => {
      const ws = new NodeWorkspace(root);
      const guard = new PathGuard(ws);
      const byOutline = new MentionResolver({ workspace: ws, guard, searcher: new JsSearcher(ws, guard.ignore), outliner: (resolver as unknown as { d: { outliner: never } }).d.outliner });
      assert.deepEqual(await byOutline.outlinedSymbols('tot'), [{ name: 'total', kind: 'function', path: 'src/billing/invoice.ts', startLine: 3, endLine: 3 }]);
      assert.deepEqual((await byOutline.outlinedSymbols('TOT')).map((h) => h.name), ['total'], 'case-insensitive');
      assert.deepEqual(await byOutline.outlinedSymbols('Hidden'), [], 'build/ is ignored');
      const listed = await completeMention('symbol:tot', { files: async () => [], symbols: (q) => byOutline.outlinedSymbols(q) });
      assert.deepEqual(listed.map((i) => i.insert), ['@symbol:total ']);
    });

    it('@problems, @changes (redacted), @changes:staged, @selection, @terminal (says why it cannot)', async () => {
      assert.equal((await one('@problems')).text, 'src/billing/invoice.ts:4:3: error: Type mismatch (ts)');
      const changes = await one('@changes');
      assert.equal(changes.text, 'diff --git a/x b/x\n+added line with [redacted secret]');
      assert.equal((await one('@changes:staged')).text, 'There are no staged changes.');
      assert.match((await one('@selection')).text, /^src\/billing\/invoice\.ts, lines 3-4:\n3\| export function total/);
      const term = await one('@terminal');
      assert.equal(term.withheld, 'is not available: the terminal has no shell integration, so its output cannot be read');
    });

    it('chips: one per piece with its tokens; removed ones are not sent, pinned ones also go to the pinned state', async () => {
      const mentions = await resolver.resolveAll(parseMentions('@file:src/billing/invoice.ts @file:.env @symbol:total'), 3000);
      const sections = [{ title: 'Active editor', text: 'src/big.ts, cursor at line 3' }, { title: 'Problems', text: 'src/x.ts:1: error: boom' }];
      const chips = await chipsOf({ mentions, sections, rules: [{ path: 'AGENTS.md', text: 'Be brief.' }], repoMapTokens: 800, plan: '1. [done] read' });
      assert.deepEqual(chips.map((c) => [c.key, c.label, c.kind]), [
        ['@file:src/billing/invoice.ts', '@src/billing/invoice.ts', 'mention'], ['@file:.env', '@.env', 'mention'], ['@symbol:total', '@total', 'mention'],
        ['section:Active editor', 'src/big.ts', 'editor'], ['section:Problems', 'Problems', 'workspace'], ['rules', 'AGENTS.md', 'rules'], ['repoMap', 'Repo map', 'repoMap'], ['plan', 'Plan', 'plan'],
      ]);
      assert.equal(chips[0]!.tokens, mentions[0]!.tokens);
      assert.match(chips[1]!.withheld!, /secrets file/);
      assert.ok(chips.slice(5).every((c) => c.fixed));
      const picked = selectForRequest({ mentions, sections }, ['@file:src/billing/invoice.ts', 'section:Problems'], ['@symbol:total']);
      assert.deepEqual(picked.mentions.map((m) => m.title), ['@file .env', '@symbol total']);
      assert.deepEqual(picked.sections.map((s) => s.title), ['Active editor']);
      assert.deepEqual(picked.pinned, [{ title: '@symbol total', text: mentions[2]!.text }]);
    });

    it('resolveAll shares the budget between the mentions', async () => {
      const all = await resolver.resolveAll(parseMentions('@file:src/big.ts @file:src/big.ts:1-2000'), 1000);
      for (const r of all) assert.ok(r.tokens <= 500, `${r.key}: ${r.tokens}`);
    });
  });
});
