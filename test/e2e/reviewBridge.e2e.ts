// Review any agent's edits (issue 14): an MCP client (@modelcontextprotocol/sdk) spawns `forge mcp` in the
// workspace, calls propose_changes against the real VS Code window; the engineer accepts one hunk and rejects
// the other with a reason in the review panel; the answer the agent gets and the bytes on disk agree.
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { repoRoot } from './harness/paths';
import { useVsCodeSession } from './harness/session';
import { SEL } from './harness/workbench';

const BASE = Array.from({ length: 14 }, (_, i) => `line ${i + 1}`).join('\n') + '\n';
const PATCH = `--- a/notes.txt
+++ b/notes.txt
@@ -1,3 +1,3 @@
-line 1
+LINE ONE
 line 2
 line 3
@@ -11,4 +11,4 @@
 line 11
 line 12
-line 13
+LINE THIRTEEN
 line 14
`;
const REASON = 'keep the numbers in words out of this file';

describe('e2e: forge mcp routes another agent\'s proposal through the review panel', function () {
  const s = useVsCodeSession({
    workspace: () => {
      const ws = realpathSync(mkdtempSync(join(tmpdir(), 'forge-bridge-ws-')));
      writeFileSync(join(ws, 'notes.txt'), BASE);
      return ws;
    },
  });
  after(() => s.workspace && rmSync(s.workspace, { recursive: true, force: true }));

  it('propose_changes returns the per-hunk decisions and writes only the accepted hunk', async function () {
    this.timeout(180_000);
    const client = new Client({ name: 'e2e-agent', version: '1.0.0' });
    await client.connect(new StdioClientTransport({
      command: process.execPath,
      args: [join(repoRoot, 'dist', 'cli.js'), 'mcp'],
      cwd: s.workspace,
      env: { ...process.env, XDG_RUNTIME_DIR: join(s.server.runDir, 'xdg-runtime'), FORGE_BRIDGE: '' } as Record<string, string>,
    }));
    try {
      // The window starts its bridge when Forge activates (on startup finished): wait for it.
      let answer: Promise<unknown> | undefined;
      for (const deadline = Date.now() + 60_000; ; ) {
        const probe = (await client.callTool({ name: 'get_selection', arguments: {} })) as { isError?: boolean; content: { text: string }[] };
        if (!probe.isError) break;
        assert.ok(Date.now() < deadline, `the window never answered: ${probe.content[0]?.text}`);
        await new Promise((r) => setTimeout(r, 1000));
      }
      answer = client.callTool({ name: 'propose_changes', arguments: { edit: PATCH, agent: 'Claude Code', title: 'numbers' } }, undefined, { timeout: 170_000 });
      // The proposal is announced without taking focus (its title names the agent); Review opens the panel.
      await s.wb.page.locator(SEL.toast).filter({ hasText: /Forge proposes .*Claude Code: numbers/ }).last().getByRole('button', { name: 'Review' }).click();
      const frame = s.wb.webviewFrame();
      const hunk = (pos: number) => frame.locator(`.hunk[data-path="notes.txt"][data-pos="${pos}"]`);
      await hunk(0).waitFor({ state: 'visible', timeout: 60_000 });
      await s.shot('bridge-proposal');
      await hunk(0).getByRole('button', { name: 'Accept hunk', exact: true }).click();
      await hunk(1).getByRole('button', { name: 'Reject hunk', exact: true }).click();
      await frame.locator('.reason-input').fill(REASON);
      await frame.locator('.reason-input').press('Enter');
      // Every hunk is decided: the review ends (close the panel if it stays open on its summary).
      const result = await Promise.race([answer, new Promise((r) => setTimeout(() => r(undefined), 15_000))]);
      if (result === undefined) await s.wb.runCommand('View: Close All Editors');
      const final = (await answer) as { isError?: boolean; content: { text: string }[] };
      assert.ok(!final.isError, final.content[0]?.text);
      assert.match(final.content[0]!.text, new RegExp(`notes\\.txt: 1 accepted, 1 rejected \\(${REASON}\\)`));
      const json = JSON.parse(final.content[0]!.text.slice(final.content[0]!.text.indexOf('{')));
      assert.deepEqual(json.files[0].hunks.map((h: { decision: string }) => h.decision), ['accepted', 'rejected']);
      assert.equal(readFileSync(join(s.workspace, 'notes.txt'), 'utf8'), BASE.replace('line 1\n', 'LINE ONE\n'));
    } finally {
      await client.close();
    }
  });
});
