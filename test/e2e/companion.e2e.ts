// Forge as Claude Code's IDE (issue 24), in the real VS Code: a client that speaks Claude Code's IDE
// protocol exactly (the lock file, the token header, MCP over a WebSocket, a blocking openDiff) proposes
// new content for a 3-hunk file; the engineer accepts hunk 1, edits hunk 2 and rejects hunk 3 in Forge's
// review panel; openDiff answers FILE_SAVED with exactly that content, and Forge itself writes nothing.
// (The real Claude Code and Gemini CLI drive the same servers in test/peerAgents.)
import { strict as assert } from 'node:assert';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { WebSocket } from 'ws';
import { WebSocketTransport } from '../../src/node/companion/wsTransport';
import { repoRoot } from './harness/paths';
import { useVsCodeSession } from './harness/session';
import { SEL } from './harness/workbench';

const BEFORE = ['line 1', 'alpha = 1', 'line 3', 'line 4', 'line 5', 'beta = 2', 'line 7', 'line 8', 'line 9', 'gamma = 3', 'line 11', ''].join('\n');
const PROPOSED = BEFORE.replace('alpha = 1', 'alpha = 10').replace('beta = 2', 'beta = 20').replace('gamma = 3', 'gamma = 30');
const EDITED = 'beta = 25  # the reviewer';

describe('e2e: Claude Code\'s proposals reviewed per hunk in Forge (IDE companion)', function () {
  const s = useVsCodeSession({
    workspace: () => {
      const ws = realpathSync(mkdtempSync(join(tmpdir(), 'forge-companion-ws-')));
      writeFileSync(join(ws, 'settings.py'), BEFORE);
      return ws;
    },
  });
  after(() => s.workspace && rmSync(s.workspace, { recursive: true, force: true }));

  it('openDiff answers with the accepted and edited hunks only; the file is untouched by Forge', async function () {
    this.timeout(180_000);
    const ideDir = join(s.server.runDir, 'claude', 'ide');
    let lock: { authToken: string; workspaceFolders: string[] } | undefined;
    let port = 0;
    for (const deadline = Date.now() + 60_000; !lock; await new Promise((r) => setTimeout(r, 500))) {
      assert.ok(Date.now() < deadline, 'the window never wrote its Claude Code lock file');
      const f = existsSync(ideDir) ? readdirSync(ideDir).find((n) => n.endsWith('.lock')) : undefined;
      if (f) {
        port = Number(f.replace('.lock', ''));
        lock = JSON.parse(readFileSync(join(ideDir, f), 'utf8'));
      }
    }
    assert.deepEqual(lock.workspaceFolders, [s.workspace]);
    const socket = new WebSocket(`ws://127.0.0.1:${port}`, 'mcp', { headers: { 'x-claude-code-ide-authorization': lock.authToken } });
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    const client = new Client({ name: 'claude-code', version: '2.1.332' });
    await client.connect(new WebSocketTransport(socket));
    try {
      const tools = (await client.listTools()).tools.map((t) => t.name);
      for (const t of ['openDiff', 'close_tab', 'getDiagnostics', 'getWorkspaceFolders', 'checkDocumentDirty']) assert.ok(tools.includes(t), t);
      const file = join(s.workspace, 'settings.py');
      const answer = client.callTool(
        { name: 'openDiff', arguments: { old_file_path: file, new_file_path: file, new_file_contents: PROPOSED, tab_name: '✻ [Claude Code] settings.py' } },
        undefined,
        { timeout: 170_000 },
      );
      await s.wb.page.locator(SEL.toast).filter({ hasText: /Claude Code proposes 3 hunks in settings\.py/ }).last().getByRole('button', { name: 'Review' }).click();
      const frame = s.wb.webviewFrame();
      const hunk = (pos: number) => frame.locator(`.hunk[data-path="settings.py"][data-pos="${pos}"]`);
      await hunk(0).waitFor({ state: 'visible', timeout: 60_000 });
      // Also kept in docs/screenshots for docs/companion.md (npm run screenshots regenerates them).
      copyFileSync(await s.shot('companion-claude-proposal'), join(repoRoot, 'docs', 'screenshots', 'companion-claude-proposal.png'));
      await hunk(0).getByRole('button', { name: 'Accept hunk', exact: true }).click();
      await hunk(1).getByRole('button', { name: 'Edit before accepting', exact: true }).click();
      const editor = frame.locator('textarea.editor');
      await editor.waitFor({ state: 'visible', timeout: 30_000 });
      await editor.fill(EDITED);
      await s.shot('companion-claude-edit');
      await editor.press('Control+Enter');
      await hunk(2).getByRole('button', { name: 'Reject hunk', exact: true }).click();
      const reason = frame.locator('.reason-input');
      await reason.fill('gamma stays 3');
      await reason.press('Enter');
      const result = (await answer) as { content: { type: string; text: string }[] };
      // Claude Code's protocol carries no reason: the engineer is shown what it was told.
      await s.wb.page.locator(SEL.toast).filter({ hasText: /Its protocol carries no reason/ }).waitFor({ timeout: 30_000 });
      copyFileSync(await s.shot('companion-claude-decided'), join(repoRoot, 'docs', 'screenshots', 'companion-claude-decided.png'));
      assert.equal(result.content[0].text, 'FILE_SAVED');
      assert.equal(result.content[1].text, BEFORE.replace('alpha = 1', 'alpha = 10').replace('beta = 2', EDITED));
      assert.equal(readFileSync(file, 'utf8'), BEFORE, 'Forge writes nothing: the agent writes what it was told');
    } finally {
      await client.close();
    }
  });
});
