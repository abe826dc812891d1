// Model endpoints in a real VS Code (code-server 4.100.3) against the scripted model server
// running in this test process: Forge: Set API Key through the palette, Forge: Test Endpoint's
// capabilities report, the key sent as a Bearer token and never written to settings.json or the
// Forge log; the Add Model Endpoint wizard (no "Models from VS Code" here), and the status bar.
import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { startModelServer, type ModelServer, type RecordedRequest } from '../support/modelServer';
import { useVsCodeSession } from './harness/session';
import { runPaletteCommand, SEL } from './harness/workbench';

const KEY = `sk-forge-e2e-${randomBytes(12).toString('hex')}`;
const WIZARD_KEY = `sk-forge-wizard-${randomBytes(12).toString('hex')}`;
const LABEL = 'Scripted Server';

/** Waits until the quick input's title (or prompt) shows the text. */
async function waitForQuickInput(page: Page, text: RegExp, timeoutMs = 30_000): Promise<void> {
  await page.locator('.quick-input-widget').filter({ hasText: text }).waitFor({ state: 'visible', timeout: timeoutMs });
}

async function waitForToast(page: Page, text: RegExp, timeoutMs = 60_000): Promise<string> {
  const toast = page.locator(SEL.toastMessage).filter({ hasText: text }).first();
  await toast.waitFor({ state: 'visible', timeout: timeoutMs });
  return toast.innerText();
}

/** Every file below a folder. */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...filesUnder(p));
    else out.push(p);
  }
  return out;
}

function bearer(r: RecordedRequest): string | undefined {
  const h = r.headers.authorization;
  return Array.isArray(h) ? h[0] : h;
}

describe('e2e: model endpoints in code-server', function () {
  let srv: ModelServer;
  const settings: Record<string, unknown> = {};

  // Runs before the session's before(): the server's URL goes into the user settings.
  before(async () => {
    srv = await startModelServer({
      models: [{ id: 'e2e-model', context_length: 32768 }, { id: 'other-model' }],
      script: (req) => req.body?.tools
        ? { toolCalls: [{ name: 'report_status', arguments: { status: 'ok' } }] }
        : { text: 'ok', usage: { prompt_tokens: 12, completion_tokens: 1 } },
    });
    settings['forge.endpoints'] = [{ id: 'scripted', label: LABEL, baseUrl: srv.url, model: 'e2e-model' }];
    settings['forge.activeEndpoint'] = 'scripted';
  });

  const s = useVsCodeSession({
    workspace: () => {
      const dir = mkdtempSync(join(tmpdir(), 'forge-ws-endpoints-'));
      writeFileSync(join(dir, 'README.md'), '# endpoints e2e\n');
      return dir;
    },
    settings,
  });

  after(async () => {
    await srv?.close();
    if (s.workspace) rmSync(s.workspace, { recursive: true, force: true });
  });

  const userData = () => join(s.server.runDir, 'user-data');
  const userSettings = () => readFileSync(join(userData(), 'User', 'settings.json'), 'utf8');
  /** The Forge output channel's log file(s) that the extension host writes under the user-data dir. */
  const forgeLogs = () => filesUnder(join(userData(), 'logs')).filter((f) => /(^|[/\\])(\d+-)?Forge\.log$/.test(f));
  const forgeLogText = () => forgeLogs().map((f) => readFileSync(f, 'utf8')).join('\n');

  async function until(check: () => boolean, timeoutMs = 20_000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!check() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
    return check();
  }

  it('shows the active profile in the status bar once Forge is in use', async () => {
    // Forge activates only when one of its commands or views is used, never at startup.
    await runPaletteCommand(s.wb.page, 'Forge: Show Pending Changes');
    const item = s.wb.page.locator('.statusbar-item').filter({ hasText: LABEL });
    await item.first().waitFor({ state: 'visible', timeout: 60_000 });
    assert.match(await item.first().innerText(), /Scripted Server · e2e-model/);
    // Its "no change sets" toast must not take one of the few toast places the next tests read.
    await s.wb.runCommand('Notifications: Clear All Notifications');
  });

  it('Set API Key, then Test Endpoint: the capabilities report, the key sent as Bearer only', async () => {
    const page = s.wb.page;
    const t0 = Date.now();
    await runPaletteCommand(page, 'Forge: Set API Key');
    await waitForQuickInput(page, /API key for Scripted Server/);
    assert.equal(await page.locator(SEL.quickInput).getAttribute('type'), 'password', 'the key is typed into a password box');
    await page.locator(SEL.quickInput).fill(KEY);
    await page.keyboard.press('Enter');
    const saved = await waitForToast(page, /Saved the API key for "Scripted Server"/);
    assert.match(saved, /sends it only to 127\.0\.0\.1:\d+/);
    assert.ok(!saved.includes(KEY));

    const before = srv.requests.length;
    await s.wb.runCommand('Notifications: Clear All Notifications');
    // The palette may lose its first Enter to the toast that was just cleared (seen once on a loaded machine):
    // run the command again while its report has not appeared.
    let report = '';
    for (let attempt = 1; !report; attempt++) {
      await runPaletteCommand(page, 'Forge: Test Endpoint');
      report = await waitForToast(page, /"Scripted Server" works/, attempt < 3 ? 20_000 : 60_000).catch((e) => {
        if (attempt >= 3) throw e;
        return '';
      });
    }
    await s.shot('endpoints-test-endpoint-report');
    console.log(`      [e2e] Set API Key + Test Endpoint took ${((Date.now() - t0) / 1000).toFixed(1)} s; report: ${report}`);
    assert.match(report, /first token after \d+ ms/);
    assert.match(report, /streaming yes/);
    assert.match(report, /tool calls yes/);
    assert.match(report, /usage reported/);
    assert.match(report, /context 32768 tokens/);

    const probe = srv.requests.slice(before);
    assert.ok(probe.some((r) => r.path === '/v1/models'), 'the probe listed the models');
    assert.ok(probe.filter((r) => r.path === '/v1/chat/completions').length >= 2, 'the probe sent a chat and a tool-call request');
    for (const r of probe) assert.equal(bearer(r), `Bearer ${KEY}`, `${r.method} ${r.path} carried the key as a Bearer token`);
    const toolRequest = probe.find((r) => r.body?.tools);
    assert.equal(toolRequest?.body.model, 'e2e-model');

    // The report is in the Forge log, without the key; the key is in neither the log nor settings.json.
    assert.ok(await until(() => /Test Endpoint "Scripted Server"[\s\S]*Context size: 32768 tokens/.test(forgeLogText())),
      `the Forge log has the report; log files: ${JSON.stringify(forgeLogs())}`);
    assert.match(forgeLogText(), /Tool calls: native/);
    assert.ok(!forgeLogText().includes(KEY), 'the key is not in the Forge log');
    // Forge's own start-up cost in the real VS Code (issue 11's activation target, from the extension's side).
    const started = /Forge [\d.]+ activated \(its module code ([\d.]+) ms, activate\(\) ([\d.]+) ms\)/.exec(forgeLogText());
    assert.ok(started, 'the Forge log says how long activation took');
    console.log(`      [e2e] in code-server: Forge's module code ${started[1]} ms, activate() ${started[2]} ms`);
    assert.ok(!userSettings().includes(KEY), 'the key is not in settings.json');
  });

  it('Add Model Endpoint: no "Models from VS Code" here; Custom lists /models, saves profile and key apart, makes it active', async () => {
    const page = s.wb.page;
    const before = srv.requests.length;
    await runPaletteCommand(page, 'Forge: Add Model Endpoint');
    await waitForQuickInput(page, /Add Model Endpoint \(1\/5\)/);
    const rows = page.locator(SEL.quickInputRow);
    await rows.filter({ hasText: 'Ollama' }).first().waitFor({ state: 'visible', timeout: 10_000 });
    const labels = await page.locator('.quick-input-widget .quick-input-list').innerText();
    for (const name of ['OpenAI', 'Azure OpenAI', 'OpenRouter', 'Google Gemini', 'vLLM', 'Ollama', 'LM Studio']) assert.match(labels, new RegExp(name));
    assert.doesNotMatch(labels, /Models from VS Code/, 'no VS Code language model provider here, so it is not offered');
    await s.shot('endpoints-wizard-presets');

    await page.locator(SEL.quickInput).fill('Custom');
    await rows.filter({ hasText: 'Custom' }).first().waitFor({ state: 'visible', timeout: 10_000 });
    await page.keyboard.press('Enter');
    await waitForQuickInput(page, /\(2\/5\): base URL/);
    await page.locator(SEL.quickInput).fill(srv.url);
    await page.keyboard.press('Enter');
    await waitForQuickInput(page, /\(3\/5\): API key/);
    await page.locator(SEL.quickInput).fill(WIZARD_KEY);
    await page.keyboard.press('Enter');
    await waitForQuickInput(page, /\(4\/5\): model/);
    await rows.filter({ hasText: 'other-model' }).first().waitFor({ state: 'visible', timeout: 10_000 });
    await s.shot('endpoints-wizard-models');
    await page.locator(SEL.quickInput).fill('other-model');
    await page.keyboard.press('Enter');
    await waitForQuickInput(page, /\(5\/5\): name/);
    assert.match(await page.locator(SEL.quickInput).inputValue(), /other-model$/, 'a name is proposed');
    await page.locator(SEL.quickInput).fill('My other model');
    await page.keyboard.press('Enter');
    const added = await waitForToast(page, /Added "My other model" and made it Forge's active model/);
    assert.ok(!added.includes(WIZARD_KEY));

    const listing = srv.requests.slice(before).filter((r) => r.path === '/v1/models');
    assert.ok(listing.length >= 1, 'the wizard listed the models');
    for (const r of listing) assert.equal(bearer(r), `Bearer ${WIZARD_KEY}`);

    assert.ok(await until(() => userSettings().includes('other-model')), 'the profile was written to the user settings');
    const written = JSON.parse(userSettings());
    const profile = written['forge.endpoints'].find((p: { model: string }) => p.model === 'other-model');
    assert.deepEqual(Object.keys(profile).sort(), ['baseUrl', 'id', 'label', 'model']);
    assert.equal(profile.baseUrl, srv.url);
    assert.equal(profile.label, 'My other model');
    assert.equal(written['forge.activeEndpoint'], profile.id);
    assert.ok(!userSettings().includes(WIZARD_KEY), 'the wizard key is not in settings.json');
    await s.wb.page.locator('.statusbar-item').filter({ hasText: 'other-model' }).first().waitFor({ state: 'visible', timeout: 15_000 });
  });

  it("a repository's .vscode/settings.json that redirects traffic is used only after a modal naming its host", async () => {
    const page = s.wb.page;
    const collector = await startModelServer({ models: [{ id: 'x' }], script: () => ({ text: 'ok' }) });
    try {
      mkdirSync(join(s.workspace, '.vscode'), { recursive: true });
      writeFileSync(join(s.workspace, '.vscode', 'settings.json'), JSON.stringify({
        'forge.endpoints': [{ id: 'repo', label: 'Repo Endpoint', baseUrl: collector.url.replace('127.0.0.1', 'localhost'), model: 'x' }],
        'forge.activeEndpoint': 'repo',
      }, null, 2));
      // The status bar keeps the user's profile and marks the undecided workspace value.
      await page.locator('.statusbar-item').filter({ hasText: 'other-model' }).locator('.codicon-warning').first().waitFor({ state: 'visible', timeout: 30_000 });
      await s.wb.runCommand('Notifications: Clear All Notifications');

      await runPaletteCommand(page, 'Forge: Test Endpoint');
      const dialog = page.locator('.monaco-dialog-box');
      await dialog.waitFor({ state: 'visible', timeout: 30_000 });
      const question = await dialog.innerText();
      await s.shot('endpoints-workspace-guard');
      assert.match(question, new RegExp(`send your prompts and code to localhost:${collector.port}`));
      await dialog.getByRole('button', { name: 'Use My Settings' }).click();
      await waitForQuickInput(page, /Forge: Test Endpoint/);
      await page.locator(SEL.quickInputRow).filter({ hasText: LABEL }).first().click();
      await waitForToast(page, /"Scripted Server" works/);

      // Remembered for this workspace and these values: no second question. (The report is read
      // from the Forge log here: a second identical toast can be folded into the first.)
      await s.wb.runCommand('Notifications: Clear All Notifications');
      const reports = () => forgeLogText().split('Test Endpoint "Scripted Server"').length - 1;
      const before = reports();
      await runPaletteCommand(page, 'Forge: Test Endpoint');
      await waitForQuickInput(page, /Forge: Test Endpoint/);
      assert.equal(await dialog.count(), 0, 'the answer was remembered');
      await page.locator(SEL.quickInputRow).filter({ hasText: LABEL }).first().click();
      assert.ok(await until(() => reports() > before, 60_000), 'the second Test Endpoint ran against the user profile');
      assert.equal(collector.requests.length, 0, 'nothing was sent to the workspace-defined host');
    } finally {
      rmSync(join(s.workspace, '.vscode'), { recursive: true, force: true });
      await collector.close();
    }
  });

  it('the status bar item runs Select Model and switches the active profile', async () => {
    const page = s.wb.page;
    await page.keyboard.press('Escape');
    await page.locator('.statusbar-item').filter({ hasText: 'other-model' }).first().click();
    await waitForQuickInput(page, /Forge: Select Model/);
    await page.locator(SEL.quickInputRow).filter({ hasText: LABEL }).first().click();
    await page.locator('.statusbar-item').filter({ hasText: LABEL }).first().waitFor({ state: 'visible', timeout: 15_000 });
    await s.shot('endpoints-status-bar');
    assert.ok(await until(() => JSON.parse(userSettings())['forge.activeEndpoint'] === 'scripted'));
    // Nothing Forge wrote anywhere in its logs or settings holds either key.
    for (const f of filesUnder(userData()).filter((p) => /\.(log|json)$/.test(p))) {
      const text = readFileSync(f, 'utf8');
      assert.ok(!text.includes(KEY) && !text.includes(WIZARD_KEY), `a key leaked into ${f}`);
    }
  });
});
