// The agent's palette commands in a real VS Code (code-server 4.100.3) against the scripted model
// server in this process: Fix Problems sends the Problems list of the active file; run_command runs
// in the "Forge" terminal through shell integration (the command shows in the terminal; the model
// gets the output and the exit code); Forge: Stop interrupts a running command (Ctrl+C) and Continue
// Task resumes the same task; Show Task History lists the tasks and resumes the one picked.
// One code-server for the file.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Frame } from 'playwright-core';
import { startModelServer, type ModelServer, type RecordedRequest } from '../support/modelServer';
import { readLogs } from './harness/logs';
import { useVsCodeSession } from './harness/session';
import { runPaletteCommand, SEL, terminalText, webviewFrameWith } from './harness/workbench';

const BAD_JSON = '{\n  "name": "forge",\n  "version": 1,,\n  "private": true\n}\n';
const COMMAND = 'node -e "console.log(6*7); process.exitCode = 3"';
const RUN_TASK = 'Compute six times seven with node';
const SLEEP_TASK = 'Wait for a long-running command';
const SLEEP = 'node -e "setTimeout(() => {}, 120000)"';

type Message = { role: string; content?: unknown };
const chats = (reqs: RecordedRequest[]) => reqs.filter((r) => r.path === '/v1/chat/completions');
const messagesOf = (r: RecordedRequest): Message[] => r.body.messages;
const userTexts = (r: RecordedRequest) => messagesOf(r).filter((m) => m.role === 'user').map((m) => String(m.content));

describe('e2e: agent commands (Fix Problems, run_command in the terminal, Stop/Continue, History) in code-server', function () {
  let srv: ModelServer;
  /** finish: end at once; run: call run_command first; sleep: run a command that waits two minutes (to be stopped). */
  let mode: 'finish' | 'run' | 'sleep' = 'finish';
  const settings: Record<string, unknown> = {
    // The DOM renderer puts the terminal's text in the page, where the test can read it.
    'terminal.integrated.gpuAcceleration': 'off',
    'terminal.integrated.defaultProfile.linux': 'bash',
    'forge.agent.commandAllowlist': ['node -e'],
    'forge.agent.commandTimeoutSeconds': 600,
  };

  before(async () => {
    srv = await startModelServer({
      models: [{ id: 'e2e-model', context_length: 32768 }],
      script: (req) => {
        const msgs = messagesOf(req);
        const last = msgs[msgs.length - 1]!;
        if (mode === 'sleep' && last.role !== 'tool') return { toolCalls: [{ name: 'run_command', arguments: { command: SLEEP } }] };
        if (mode === 'run' && last.role !== 'tool') return { toolCalls: [{ name: 'run_command', arguments: { command: COMMAND } }], usage: { prompt_tokens: 700, completion_tokens: 30 } };
        return { toolCalls: [{ name: 'finish', arguments: { summary: 'Done **here**.' } }], usage: { prompt_tokens: 800, completion_tokens: 10 } };
      },
    });
    settings['forge.endpoints'] = [{ id: 'scripted', label: 'Scripted Server', baseUrl: srv.url, model: 'e2e-model', maxContextTokens: 32768 }];
    settings['forge.activeEndpoint'] = 'scripted';
  });

  const s = useVsCodeSession({
    workspace: () => {
      const dir = mkdtempSync(join(tmpdir(), 'forge-ws-cmds-'));
      writeFileSync(join(dir, 'bad.json'), BAD_JSON);
      writeFileSync(join(dir, 'README.md'), '# scratch\n');
      return dir;
    },
    settings,
  });

  after(async () => {
    await srv?.close();
    if (s.workspace) rmSync(s.workspace, { recursive: true, force: true });
  });

  /** Starts a task from the palette (Forge: New Task). */
  async function newTask(text: string): Promise<void> {
    const page = s.wb.page;
    await runPaletteCommand(page, 'Forge: New Task');
    await page.locator('.quick-input-widget').filter({ hasText: /What should Forge do/ }).waitFor({ state: 'visible', timeout: 30_000 });
    await page.locator(SEL.quickInput).fill(text);
    await page.keyboard.press('Enter');
  }

  /** Waits until the model server has answered `n` more chat requests than `before`. */
  async function waitForChats(before: number, n: number, timeoutMs = 60_000): Promise<RecordedRequest[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const got = chats(srv.requests.slice(before));
      if (got.length >= n) return got;
      if (Date.now() > deadline) throw new Error(`the model server got ${got.length} of ${n} chat requests in ${timeoutMs} ms`);
      await s.wb.page.waitForTimeout(200);
    }
  }

  it('Fix Problems sends the Problems list of the active file as the task', async () => {
    const page = s.wb.page;
    mode = 'finish';
    await s.wb.openFile('bad.json');
    // VS Code's JSON language server flags the syntax error (a red squiggle in the editor).
    await page.locator('.editor-instance .monaco-editor .squiggly-error').first().waitFor({ state: 'attached', timeout: 60_000 });
    const before = srv.requests.length;
    await runPaletteCommand(page, 'Forge: Fix Problems');
    const [req] = await waitForChats(before, 1);
    const first = userTexts(req!)[0]!;
    assert.match(first, /Fix these \d+ problems? in bad\.json \(from the Problems list\)/);
    assert.match(first, /bad\.json:3:\d+ error: \S/, 'the problem line: path:line:column severity: message');
    const chat = await webviewFrameWith(page, '.chat-root');
    await chat.locator('.entry.end.finished').waitFor({ timeout: 60_000 });
    // The finish card's summary is markdown rendered as text, never raw asterisks.
    assert.equal(await chat.locator('.tool .tool-arg').filter({ hasText: 'Done here.' }).locator('strong').textContent(), 'here');
    console.log(`      [e2e] Fix Problems task: ${first.split('\n').slice(0, 2).join(' | ')}`);
  });

  /**
   * Waits until `done` holds. The commands are on the allowlist (forge.agent.commandAllowlist), so
   * the chat view must never ask to approve one.
   */
  async function runsWithoutAsking(chat: Frame, done: () => Promise<boolean>, timeoutMs = 90_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await done())) {
      assert.equal(await chat.locator('.approval').count(), 0, 'an allowlisted command was not asked about');
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms`);
      await s.wb.page.waitForTimeout(250);
    }
    assert.equal(await chat.locator('.approval').count(), 0, 'an allowlisted command was not asked about');
  }

  /** Polls the terminal's text until `ok` holds (or timeoutMs); returns the last text. */
  async function terminalUntil(ok: (text: string) => boolean, timeoutMs = 15_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    let text = await terminalText(s.wb.page);
    while (!ok(text) && Date.now() < deadline) {
      await s.wb.page.waitForTimeout(250);
      text = await terminalText(s.wb.page);
    }
    return text;
  }

  /** The ShellTerminal's lines in the Forge output channel's log. */
  const forgeTerminalLog = () => readLogs(s.server.runDir, /Forge.*\.log$/).split('\n').filter((l) => l.includes('Forge terminal'));

  it('run_command runs in the Forge terminal through shell integration; the model gets the output and exit code', async () => {
    const page = s.wb.page;
    mode = 'run';
    const before = srv.requests.length;
    const t0 = Date.now();
    await newTask(RUN_TASK);
    const chat = await webviewFrameWith(page, '.chat-root');
    const finished = chat.locator('.entry.end.finished');
    await runsWithoutAsking(chat, async () => (await finished.count()) > 0);
    const reqs = await waitForChats(before, 2);
    const text = String(messagesOf(reqs[1]!).find((m) => m.role === 'tool')?.content);
    assert.match(text, /exited with code 3/, text);
    assert.match(text, /^42$/m, text);
    assert.doesNotMatch(text, /\x1b|\]633;/, 'no escape sequences reach the model');
    // The engineer saw it run: the Forge terminal shows the command line and its output.
    const term = await terminalUntil((t) => t.includes('console.log(6*7)') && /^42\s*$/m.test(t));
    await s.shot('agent-commands-terminal');
    assert.ok(term.includes('console.log(6*7)'), `the terminal shows the command:\n${term}`);
    assert.match(term, /^42\s*$/m, 'the terminal shows the output');
    assert.ok(!term.includes("cd '"), `no needless cd in a fresh terminal:\n${term}`);
    console.log(`      [e2e] run_command task start to finish: ${((Date.now() - t0) / 1000).toFixed(1)} s; log: ${forgeTerminalLog().map((l) => l.replace(/^.*\] /, '')).join(' | ')}`);
  });

  it('Forge: Stop interrupts a running command with Ctrl+C; Forge: Continue Task resumes the same task with its transcript', async () => {
    const page = s.wb.page;
    mode = 'sleep';
    await newTask(SLEEP_TASK);
    const chat = await webviewFrameWith(page, '.chat-root');
    await runsWithoutAsking(chat, async () => (await terminalText(page)).includes('setTimeout'));
    await page.waitForTimeout(500); // node is up and waiting
    const t0 = Date.now();
    await runPaletteCommand(page, 'Forge: Stop');
    await chat.locator('.entry.end.stopped').waitFor({ timeout: 15_000 });
    const stopMs = Date.now() - t0;
    const term = await terminalUntil((t) => t.includes('^C'));
    assert.ok(term.includes('^C'), `Ctrl+C reached the terminal:\n${term}`);
    console.log(`      [e2e] Forge: Stop during a terminal command to "Stopped": ${stopMs} ms`);
    assert.ok(stopMs < 10_000, `stopped within 10 s (took ${stopMs} ms)`);

    mode = 'finish';
    const before = srv.requests.length;
    await runPaletteCommand(page, 'Forge: Continue Task');
    await page.locator('.quick-input-widget').filter({ hasText: /A message for the agent/ }).waitFor({ state: 'visible', timeout: 30_000 });
    await page.locator(SEL.quickInput).fill('carry on please');
    await page.keyboard.press('Enter');
    const [req] = await waitForChats(before, 1);
    const users = userTexts(req!);
    assert.match(users[0]!, new RegExp(SLEEP_TASK), 'the same task: its first message');
    assert.match(users[users.length - 1]!, /carry on please/);
    assert.ok(!users.some((u) => u.includes(RUN_TASK)), 'not another task');
    assert.ok(JSON.stringify(messagesOf(req!)).includes('setTimeout'), 'the stopped run_command call is in the transcript');
    const tool = messagesOf(req!).find((m) => m.role === 'tool');
    console.log(`      [e2e] the stopped call's result as the model sees it: ${JSON.stringify(String(tool?.content).slice(0, 120))}`);
    await chat.locator('.entry.end.finished').last().waitFor({ timeout: 60_000 });
    assert.equal(await chat.locator('.entry.user').first().textContent(), SLEEP_TASK, 'the chat still shows the task it continued');
  });

  it('Forge: Show Task History lists the tasks and resumes the one picked (its next command reuses the terminal)', async () => {
    const page = s.wb.page;
    mode = 'run';
    await runPaletteCommand(page, 'Forge: Show Task History');
    const rows = page.locator(SEL.quickInputRow);
    await rows.first().waitFor({ timeout: 30_000 });
    const labels = await rows.allInnerTexts();
    for (const t of [RUN_TASK, SLEEP_TASK, 'Fix these']) assert.ok(labels.some((l) => l.includes(t)), `history lists "${t}": ${JSON.stringify(labels)}`);
    const before = srv.requests.length;
    await rows.filter({ hasText: RUN_TASK }).first().click();
    await page.locator('.quick-input-widget').filter({ hasText: /Resume:/ }).waitFor({ state: 'visible', timeout: 30_000 });
    await page.locator(SEL.quickInput).fill('and print it again');
    await page.keyboard.press('Enter');
    const chat = await webviewFrameWith(page, '.chat-root');
    await chat.locator('.entry.user').filter({ hasText: 'and print it again' }).waitFor({ timeout: 30_000 });
    assert.equal(await chat.locator('.entry.user').first().textContent(), RUN_TASK, 'the stored transcript is shown');
    const finished = chat.locator('.entry.end.finished');
    await runsWithoutAsking(chat, async () => (await finished.count()) > 1);
    const [first, second] = await waitForChats(before, 2);
    assert.match(userTexts(first!)[0]!, new RegExp(RUN_TASK));
    assert.ok(messagesOf(first!).some((m) => m.role === 'tool' && /exited with code 3/.test(String(m.content))), 'the earlier run_command result is in the transcript');
    const again = messagesOf(second!).filter((m) => m.role === 'tool').pop();
    assert.match(String(again?.content), /exited with code 3[\s\S]*^42$/m, 'the command ran again after the Ctrl+C of the previous test');
    await s.shot('agent-commands-history-resumed');
    console.log(`      [e2e] log: ${forgeTerminalLog().map((l) => l.replace(/^.*\] /, '')).join(' | ')}`);
  });
});
