/** The first turn's context pack: task, rules files verbatim, a ranked repo map within the budget. */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildContextPack } from '../../../src/core/context/contextPack';
import { IgnoreRules } from '../../../src/core/context/ignoreRules';
import { buildRepoMap, scorePath } from '../../../src/core/context/repoMap';
import { countTokens } from '../../../src/core/context/tokens';
import { NodeWorkspace } from '../../../src/node/nodeWorkspace';

describe('context pack', () => {
  let root: string;
  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'forge-ctx-'));
    const files: Record<string, string> = {
      'AGENTS.md': 'Run npm test before finishing.\n',
      '.forge/rules.md': 'Prefer small functions.\n',
      '.gitignore': 'build/\n',
      'build/invoice.js': 'x',
      'package.json': '{}',
      'src/billing/invoice.ts': 'x',
      'src/billing/invoiceTotals.ts': 'x',
      'src/users/profile.ts': 'x',
    };
    for (let i = 0; i < 300; i++) files[`src/misc/module${i}.ts`] = 'x';
    for (const [rel, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      fs.writeFileSync(path.join(root, rel), text);
    }
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('holds the task, the rules files verbatim and a ranked repo map within the budget', async () => {
    const ws = new NodeWorkspace(root);
    const pack = await buildContextPack({ task: 'Fix rounding in invoice totals', workspace: ws, rules: new IgnoreRules(ws), budgetTokens: 600, extra: [{ title: 'active editor', text: 'src/billing/invoice.ts, line 12' }] });
    assert.ok(pack.message.startsWith('<task>\nFix rounding in invoice totals\n</task>\n\n<rules file="AGENTS.md">\nRun npm test before finishing.\n</rules>\n<rules file=".forge/rules.md">\nPrefer small functions.\n</rules>'));
    assert.match(pack.message, /<context title="active editor">\nsrc\/billing\/invoice\.ts, line 12\n<\/context>/);
    const map = /<repo_map files="(\d+)"[^>]*>\n([\s\S]*)\n<\/repo_map>/.exec(pack.message)!;
    assert.equal(Number(map[1]), 307);
    const lines = map[2].split('\n');
    assert.deepEqual(lines.slice(0, 2), ['src/billing/invoiceTotals.ts', 'src/billing/invoice.ts']);
    assert.ok(!map[2].includes('build/'), 'ignored files are not listed');
    assert.match(lines[lines.length - 1], /^\[\.\.\. \d+ more files not listed; use find_files or list_dir\]$/);
    assert.ok(pack.tokens <= 600, `${pack.tokens} tokens`);
    const exact = await countTokens(pack.message);
    assert.ok(exact <= 600, `${exact} tokens by the tokenizer`);
    if (!pack.estimated) assert.equal(pack.tokens, exact);
  });

  it('ranks names matching the task words above deep unrelated paths', async () => {
    const words = ['invoice', 'totals'];
    assert.ok(scorePath('src/billing/invoiceTotals.ts', words) > scorePath('src/misc/module1.ts', words));
    assert.ok(scorePath('package.json', words) > scorePath('src/misc/module1.ts', words));
    const m = buildRepoMap(['a/b/c.ts', 'invoice.ts'], 'invoice', 100);
    assert.equal(m.text, 'invoice.ts\na/b/c.ts');
  });
});
