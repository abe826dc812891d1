// Workspace trust in a real VS Code (code-server with trust on): the folder opens in Restricted
// Mode, where a task's run_command is refused with the reason and nothing runs; after the user
// grants trust (Manage Workspace Trust > Trust), the next task runs the command, without a reload.
import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startModelServer, type ModelServer, type RecordedRequest } from '../support/modelServer';
import { runPaletteCommand, SEL } from './harness/workbench';
import { useVsCodeSession } from './harness/session';

type Message = { role: string; content?: unknown };
const chats = (reqs: RecordedRequest[]) => reqs.filter((r) => r.method === 'POST' && r.path.endsWith('/chat/completions'));
const MARK = 'trusted-run.txt';
const COMMAND = `node -e "require('fs').writeFileSync('${MARK}', 'ran'); console.log('ran')"`;

describe('e2e: workspace trust (Restricted Mode, then trusted without a reload) in code-server', function () {
  let srv: ModelServer;
  const settings: Record<string, unknown> = {
    'security.workspace.trust.enabled': true,
    'security.workspace.trust.startupPrompt': 'never',
    'security.workspace.trust.banner': 'never',
    'forge.agent.commandAllowlist': ['node -e'],
  };

  before(async () => {
    srv = await startModelServer({
      models: [{ id: 'e2e-model', context_length: 32768 }],
      script: (req) => {
        const msgs = req.body.messages as Message[];
        if (msgs[msgs.length - 1]!.role !== 'tool') return { toolCalls: [{ name: 'run_command', arguments: { command: COMMAND } }] };
        return { toolCalls: [{ name: 'finish', arguments: { summary: 'Done.' } }] };
      },
    });
    settings['forge.endpoints'] = [{ id: 'scripted', label: 'Scripted Server', baseUrl: srv.url, model: 'e2e-model', maxContextTokens: 32768 }];
    settings['forge.activeEndpoint'] = 'scripted';
  });

  const s = useVsCodeSession({
    workspace: () => {
      const dir = mkdtempSync(join(tmpdir(), 'forge-ws-trust-'));
      writeFileSync(join(dir, 'README.md'), '# scratch\n');
      return dir;
    },
    settings,
    workspaceTrust: true,
  });

  after(async () => {
    await srv?.close();
    if (s.workspace) rmSync(s.workspace, { recursive: true, force: true });
  });

  async function runTask(text: string): Promise<string> {
    const page = s.wb.page;
    const before = srv.requests.length;
    await runPaletteCommand(page, 'Forge: New Task');
    await page.locator('.quick-input-widget').filter({ hasText: /What should Forge do/ }).waitFor({ state: 'visible', timeout: 30_000 });
    await page.locator(SEL.quickInput).fill(text);
    await page.keyboard.press('Enter');
    const deadline = Date.now() + 90_000;
    for (;;) {
      const got = chats(srv.requests.slice(before));
      if (got.length >= 2) {
        const msgs = got[1]!.body.messages as Message[];
        return String(msgs.filter((m) => m.role === 'tool').at(-1)?.content ?? '');
      }
      if (Date.now() > deadline) throw new Error(`the model server got ${got.length} of 2 chat requests`);
      await page.waitForTimeout(250);
    }
  }

  it('in Restricted Mode the command is refused with the reason and does not run', async () => {
    const result = await runTask('Run the script (restricted)');
    assert.match(result, /Commands do not run in Restricted Mode/);
    assert.ok(!existsSync(join(s.workspace, MARK)), 'nothing ran');
    console.log(`      [e2e] restricted: ${result.slice(0, 90)}`);
  });

  it('after Trust in Manage Workspace Trust, the next task runs the command (no reload)', async () => {
    const page = s.wb.page;
    await runPaletteCommand(page, 'Workspaces: Manage Workspace Trust');
    const trust = page.locator('.workspace-trust-editor .monaco-button', { hasText: /^Trust$/ }).first();
    await trust.waitFor({ state: 'visible', timeout: 30_000 });
    await trust.click();
    await page.locator('.workspace-trust-editor').filter({ hasText: /trusted/i }).first().waitFor({ timeout: 30_000 });
    const result = await runTask('Run the script (trusted)');
    assert.match(result, /exited with code 0/);
    assert.ok(existsSync(join(s.workspace, MARK)), 'the command ran in the workspace');
    console.log(`      [e2e] trusted: ${result.split('\n').slice(0, 2).join(' | ')}`);
  });
});
