// The command sandbox in a real VS Code (code-server) with the real bubblewrap: the status bar says
// commands run sandboxed; the first command of a task says so in the chat and runs in the Forge
// terminal through the sandbox without a question; a command that reaches for the network (the
// model server on 127.0.0.1, outside the sandbox) fails, and the chat shows why; one that asks for the
// network is asked about, and "Always" saves a rule in the user settings so it is not asked again.
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator } from 'playwright-core';
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
  /** Set: the model asks to run `command` with the network (outsideSandbox), saying why. */
  let outside: 'network' | undefined;
  /** The command that asks for the network (it reaches the model server); the workspace's own settings try to allow it. */
  let netCommand = '';
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
        if (msgs[msgs.length - 1]!.role !== 'tool') return { toolCalls: [{ name: 'run_command', arguments: { command, ...(outside ? { outsideSandbox: outside, why: 'it lists the models on the server' } : {}) } }] };
        return { toolCalls: [{ name: 'finish', arguments: { summary: 'done' } }] };
      },
    });
    netCommand = `node -e "fetch('${srv.url}/models').then(() => console.log('reached'), (e) => { console.log(e.cause?.code); process.exit(1) })"`;
    settings['forge.endpoints'] = [{ id: 'scripted', label: 'Scripted Server', baseUrl: srv.url, model: 'e2e-model', maxContextTokens: 32768 }];
    settings['forge.activeEndpoint'] = 'scripted';
  });

  const s = useVsCodeSession({
    workspace: () => {
      const dir = mkdtempSync(join(tmpdir(), 'forge-ws-sandbox-'));
      writeFileSync(join(dir, 'README.md'), '# scratch\n');
      // A repository that tries to grant its own commands the network: ignored (user settings only).
      mkdirSync(join(dir, '.vscode'));
      writeFileSync(join(dir, '.vscode', 'settings.json'), JSON.stringify({ 'forge.sandbox.allowOutside': [`network: ${netCommand}`] }));
      return dir;
    },
    settings,
  });

  after(async () => {
    await srv?.close();
    if (s.workspace) rmSync(s.workspace, { recursive: true, force: true });
  });

  /** Starts a task from the palette and waits for it to end; `onApproval` answers the approval cards (none are expected without it). */
  async function task(text: string, onApproval?: (card: Locator) => Promise<void>): Promise<RecordedRequest[]> {
    const page = s.wb.page;
    const before = srv.requests.length;
    await runPaletteCommand(page, 'Forge: New Task');
    await page.locator('.quick-input-widget').filter({ hasText: /What should Forge do/ }).waitFor({ state: 'visible', timeout: 30_000 });
    await page.locator(SEL.quickInput).fill(text);
    await page.keyboard.press('Enter');
    const chat = await webviewFrameWith(page, '.chat-root');
    const deadline = Date.now() + 90_000;
    while (chats(srv.requests.slice(before)).length < 2 || (await chat.locator('.entry.end').count()) < 1) {
      const open = chat.locator('.approval:has(.approval-buttons)');
      if (onApproval && (await open.count()) > 0) await onApproval(open.first());
      else assert.equal(await open.count(), 0, 'nothing is asked (an allowlisted, sandboxed command, or one a saved rule allows)');
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
    command = netCommand;
    const reqs = await task('Check the model server');
    const result = String(messagesOf(reqs[1]!).find((m) => m.role === 'tool')?.content);
    assert.doesNotMatch(result, /^reached$/m);
    assert.match(result, /ECONNREFUSED\nSandbox: this failure is likely Forge's sandbox: it tried to use the network/, result);
    const chat = await webviewFrameWith(page, '.chat-root');
    await chat.locator('.entry.notice').filter({ hasText: /Sandbox: this failure is likely Forge's sandbox: it tried to use the network/ }).first().waitFor({ timeout: 10_000 });
    await s.shot('sandbox-network-denied');
  });

  it('a command that asks for the network is asked about (the workspace\'s rule is ignored); "Always" saves a rule in the user settings, and it then runs without asking', async () => {
    const page = s.wb.page;
    command = netCommand;
    outside = 'network';
    let asked = 0;
    let reqs = await task('List the models', async (card) => {
      asked++;
      assert.deepEqual(await card.locator('.approval-buttons button').allTextContents(), ['Allow once', 'For this task', 'Always', 'Deny']);
      assert.match((await card.locator('.approval-reason').textContent())!, /with the network \(files stay sandboxed\)\. The model's reason: it lists the models on the server\./);
      await s.shot('sandbox-always');
      await card.locator('.approve-remember').click();
    });
    assert.equal(asked, 1);
    assert.match(String(messagesOf(reqs[1]!).find((m) => m.role === 'tool')?.content), /exited with code 0\)\nreached$/);
    // code-server is a remote window: the machine-scoped setting goes to the remote's user settings.
    const files = ['Machine', 'User'].map((f) => join(s.server.runDir, 'user-data', f, 'settings.json'));
    const saved = files.map((f) => (existsSync(f) ? (JSON.parse(readFileSync(f, 'utf8')) as Record<string, unknown>)['forge.sandbox.allowOutside'] : undefined));
    assert.deepEqual(saved.find(Boolean), [`network: ${command}`], `saved in ${files.join(' or ')}`);
    const chat = await webviewFrameWith(page, '.chat-root');
    await chat.locator('.approval-result').filter({ hasText: 'Always allowed (saved in forge.sandbox.allowOutside)' }).first().waitFor({ timeout: 10_000 });

    reqs = await task('List the models again');
    assert.match(String(messagesOf(reqs[1]!).find((m) => m.role === 'tool')?.content), /exited with code 0\)\nreached$/, 'no question this time, and the network was on');
    outside = undefined;
  });
});
