// The command sandbox in a real VS Code (code-server) with the real bubblewrap: the status bar says
// commands run sandboxed; the first command of a task says so in the chat and runs in the Forge
// terminal through the sandbox without a question; a command that reaches for the network (the
// model server on 127.0.0.1, outside the sandbox) fails, and the chat shows why.
import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startModelServer, type ModelServer, type RecordedRequest } from '../support/modelServer';
import { sandboxPlan } from '../../src/node/sandbox/sandboxPlan';
import { SANDBOX_DEFAULTS } from '../../src/core/settings/sandboxSettings';
import { useVsCodeSession } from './harness/session';
import { runPaletteCommand, SEL, terminalText, webviewFrameWith } from './harness/workbench';

type Message = { role: string; content?: unknown };
const chats = (reqs: RecordedRequest[]) => reqs.filter((r) => r.path === '/v1/chat/completions');
const messagesOf = (r: RecordedRequest): Message[] => r.body.messages;

describe('e2e: commands in the sandbox (bubblewrap) in code-server', function () {
  let srv: ModelServer;
  let command = '';
  const settings: Record<string, unknown> = {
    'terminal.integrated.gpuAcceleration': 'off',
    'terminal.integrated.defaultProfile.linux': 'bash',
    'forge.agent.commandAllowlist': ['node -e'],
  };

  before(async function () {
    if (!sandboxPlan(SANDBOX_DEFAULTS).available) {
      console.log(`      skipped: ${sandboxPlan(SANDBOX_DEFAULTS).reason}`);
      this.skip();
    }
    srv = await startModelServer({
      models: [{ id: 'e2e-model', context_length: 32768 }],
      script: (req) => {
        const msgs = messagesOf(req);
        if (msgs[msgs.length - 1]!.role !== 'tool') return { toolCalls: [{ name: 'run_command', arguments: { command } }] };
        return { toolCalls: [{ name: 'finish', arguments: { summary: 'done' } }] };
      },
    });
    settings['forge.endpoints'] = [{ id: 'scripted', label: 'Scripted Server', baseUrl: srv.url, model: 'e2e-model', maxContextTokens: 32768 }];
    settings['forge.activeEndpoint'] = 'scripted';
  });

  const s = useVsCodeSession({
    workspace: () => {
      const dir = mkdtempSync(join(tmpdir(), 'forge-ws-sandbox-'));
      writeFileSync(join(dir, 'README.md'), '# scratch\n');
      return dir;
    },
    settings,
  });

  after(async () => {
    await srv?.close();
    if (s.workspace) rmSync(s.workspace, { recursive: true, force: true });
  });

  async function task(text: string): Promise<RecordedRequest[]> {
    const page = s.wb.page;
    const before = srv.requests.length;
    await runPaletteCommand(page, 'Forge: New Task');
    await page.locator('.quick-input-widget').filter({ hasText: /What should Forge do/ }).waitFor({ state: 'visible', timeout: 30_000 });
    await page.locator(SEL.quickInput).fill(text);
    await page.keyboard.press('Enter');
    const chat = await webviewFrameWith(page, '.chat-root');
    const deadline = Date.now() + 90_000;
    while (chats(srv.requests.slice(before)).length < 2 || (await chat.locator('.entry.end').count()) < 1) {
      assert.equal(await chat.locator('.approval').count(), 0, 'an allowlisted, sandboxed command was not asked about');
      if (Date.now() > deadline) throw new Error('the task did not end within 90 s');
      await page.waitForTimeout(250);
    }
    return chats(srv.requests.slice(before));
  }

  it('the status bar and the first command say commands run sandboxed; the command runs in the terminal without a question', async () => {
    const page = s.wb.page;
    command = 'node -e "console.log(6*7); require(\'fs\').writeFileSync(\'made.txt\', \'x\')"';
    const reqs = await task('Compute six times seven');
    const result = String(messagesOf(reqs[1]!).find((m) => m.role === 'tool')?.content);
    assert.match(result, /exited with code 0\)\n42$/, result);
    assert.ok(existsSync(join(s.workspace, 'made.txt')), 'the workspace is writable from the sandbox');
    const chat = await webviewFrameWith(page, '.chat-root');
    const notice = await chat.locator('.entry.notice').filter({ hasText: 'Commands run sandboxed' }).first().textContent();
    assert.match(notice!, /only the workspace and a private \/tmp are writable/);
    const term = await terminalText(page);
    assert.ok(term.includes('[Forge sandbox] $ node -e'), `the terminal shows the sandboxed command:\n${term}`);
    // Forge activates with its first command; from then on the status bar says how commands run.
    await page.locator('.statusbar-item').filter({ hasText: 'Sandboxed' }).first().waitFor({ timeout: 10_000 });
    await s.shot('sandbox-first-command');
  });

  it('a command that reaches for the network fails, and the chat says the sandbox caused it', async () => {
    const page = s.wb.page;
    command = `node -e "fetch('${srv.url}/models').then(() => console.log('reached'), (e) => { console.log(e.cause?.code); process.exit(1) })"`;
    const reqs = await task('Check the model server');
    const result = String(messagesOf(reqs[1]!).find((m) => m.role === 'tool')?.content);
    assert.doesNotMatch(result, /^reached$/m);
    assert.match(result, /ECONNREFUSED\nSandbox: this failure is likely Forge's sandbox: it tried to use the network/, result);
    const chat = await webviewFrameWith(page, '.chat-root');
    await chat.locator('.entry.notice').filter({ hasText: /Sandbox: this failure is likely Forge's sandbox: it tried to use the network/ }).first().waitFor({ timeout: 10_000 });
    await s.shot('sandbox-network-denied');
  });
});
