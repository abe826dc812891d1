import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BrowserContext, chromium, Frame, FrameLocator, Locator, Page } from 'playwright-core';
import { removeAtExit } from './processes';

export const CHROMIUM = process.env.FORGE_CHROMIUM ?? '/usr/bin/chromium';

/** Selectors verified on VS Code 1.100.3 (code-server 4.100.3). */
export const SEL = {
  workbench: '.monaco-workbench',
  explorerRow: '.explorer-folders-view .monaco-list-row',
  quickInput: '.quick-input-widget input.input',
  quickInputRow: '.quick-input-widget .quick-input-list .monaco-list-row',
  activeTab: '.tabs-container .tab.active',
  focusedEditor: '.editor-instance .monaco-editor.focused',
  quickInputTitle: '.quick-input-widget .quick-input-title',
  toast: '.notifications-toasts .notification-toast',
  toastMessage: '.notifications-toasts .notification-list-item-message',
} as const;

/** A headless Debian chromium page driving one code-server workbench. */
export class Workbench {
  private constructor(
    readonly context: BrowserContext,
    readonly page: Page,
    private readonly profileDir: string,
  ) {}

  /** parentDir: where the throwaway browser profile goes (e.g. the code-server run folder, cleaned with it). */
  static async launch(parentDir: string = tmpdir()): Promise<Workbench> {
    const profileDir = mkdtempSync(join(parentDir, 'chromium-'));
    removeAtExit(profileDir);
    const context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1400, height: 900 },
      args: [
        '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
      ],
    });
    const page = context.pages()[0] ?? (await context.newPage());
    return new Workbench(context, page, profileDir);
  }

  /** Opens the workbench and waits until the explorer shows the workspace. */
  async openWorkbench(url: string, timeoutMs = 90_000): Promise<void> {
    await this.page.goto(url, { waitUntil: 'domcontentloaded', timeout: timeoutMs });
    await this.page.locator(SEL.workbench).waitFor({ state: 'visible', timeout: timeoutMs });
    await this.page.locator(SEL.explorerRow).first().waitFor({ state: 'visible', timeout: timeoutMs });
  }

  /**
   * Runs a command by its palette title ("Forge: Review Patch..."). The palette lists the
   * commands registered when it opens, so a command contributed by an extension that has not
   * finished starting may be missing: close and reopen until the row shows.
   */
  async runCommand(title: string, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const input = this.page.locator(SEL.quickInput);
    for (;;) {
      await this.page.keyboard.press('Escape');
      await this.page.keyboard.press('F1');
      await input.waitFor({ state: 'visible', timeout: 10_000 });
      await input.fill(`>${title}`);
      const row = this.page.locator(SEL.quickInputRow).filter({ hasText: title }).first();
      try {
        await row.waitFor({ state: 'visible', timeout: 3_000 });
        await row.click();
        await input.waitFor({ state: 'hidden', timeout: 10_000 });
        return;
      } catch (err) {
        if (Date.now() > deadline) throw new Error(`command "${title}" did not show in the palette within ${timeoutMs} ms (${String(err)})`);
      }
    }
  }

  /** Opens a workspace file through Quick Open (Ctrl+P) and waits until its tab is active. */
  async openFile(relativePath: string, timeoutMs = 30_000): Promise<void> {
    const name = relativePath.split('/').pop()!;
    const input = this.page.locator(SEL.quickInput);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await this.page.keyboard.press('Escape');
      await this.page.keyboard.press('Control+P');
      await input.waitFor({ state: 'visible', timeout: 10_000 });
      await input.fill(relativePath);
      const row = this.page.locator(SEL.quickInputRow).filter({ hasText: name }).first();
      try {
        await row.waitFor({ state: 'visible', timeout: 5_000 });
        // Click the file's row, not Enter: Enter opens the first row, which can be another recently
        // opened editor whose title matches the query fuzzily (e.g. "Review: Task: Add types to calc").
        await row.click();
        // (two groups may show the file: a review panel opens beside the editor)
        await this.page.locator(SEL.activeTab).filter({ hasText: name }).first().waitFor({ state: 'visible', timeout: 10_000 });
        await this.page.locator(SEL.focusedEditor).waitFor({ state: 'visible', timeout: 5_000 });
        // The extension host learns about the active editor asynchronously; give it a moment.
        await this.page.waitForTimeout(500);
        return;
      } catch (err) {
        if (Date.now() > deadline) throw new Error(`could not open ${relativePath} with Quick Open: ${String(err)}`);
      }
    }
  }

  /** The content frame of the visible webview (panel or view). */
  webviewFrame(): FrameLocator {
    return this.page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
  }

  /**
   * Opens a patch, runs "Forge: Review Patch..." and waits for the review panel's Accept All
   * button. If the extension host has not yet seen the patch editor as active, the command asks
   * for a file instead (its documented fallback): then close the picker and run it again.
   */
  async openPatchReview(patch: string): Promise<FrameLocator> {
    const command = 'Forge: Review Patch...';
    await this.openFile(patch);
    const frame = this.webviewFrame();
    const acceptAll = frame.getByRole('button', { name: 'Accept All', exact: true });
    const picker = this.page.locator(SEL.quickInputTitle).filter({ hasText: /pick a patch/i });
    for (let attempt = 1; ; attempt++) {
      await this.runCommand(command);
      const shown = await Promise.race([
        acceptAll.waitFor({ state: 'visible', timeout: 30_000 }).then(() => 'panel' as const),
        picker.waitFor({ state: 'visible', timeout: 30_000 }).then(() => 'picker' as const),
      ]);
      if (shown === 'panel') return frame;
      assert.ok(attempt < 3, `"${command}" kept asking for a patch file although ${patch} is the active editor`);
      console.log(`      [e2e] ${command} did not see ${patch} as the active editor yet; retrying`);
      await this.page.keyboard.press('Escape');
      await this.openFile(patch);
    }
  }

  /** An editor tab by its title (e.g. the review panel's). */
  tab(title: string | RegExp): Locator {
    return this.page.locator('.tabs-container .tab').filter({ hasText: title });
  }

  /** Texts of the notification toasts on screen now. */
  async notifications(): Promise<string[]> {
    return this.page.locator(SEL.toastMessage).allInnerTexts();
  }

  async screenshot(path: string): Promise<void> {
    await this.page.screenshot({ path, timeout: 15_000 });
  }

  async close(): Promise<void> {
    try {
      await this.context.close();
    } finally {
      rmSync(this.profileDir, { recursive: true, force: true, maxRetries: 3 });
    }
  }
}

/**
 * Runs a palette command without waiting for the palette to close (for commands that open their
 * own input or quick pick). Retries until the command shows (the extension host may register it
 * late, or the palette may close again as it opens). keepSelection: no Escape first (in an editor,
 * Escape clears the selection).
 */
export async function runPaletteCommand(page: Page, title: string, timeoutMs = 60_000, keepSelection = false): Promise<void> {
  const input = page.locator(SEL.quickInput);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (!keepSelection || (await input.isVisible())) await page.keyboard.press('Escape');
    await page.keyboard.press('F1');
    const opened = await input.waitFor({ state: 'visible', timeout: 10_000 }).then(() => true, () => false);
    if (!opened) {
      // The keyboard focus is where F1 does not reach (a webview that just closed): open the palette from the
      // title bar's command center instead, and try again.
      if (Date.now() > deadline) throw new Error(`the command palette did not open within ${timeoutMs} ms to run "${title}"`);
      await page.locator('.command-center .search-label, .command-center').first().click({ timeout: 5_000 }).catch(() => undefined);
      if (!(await input.isVisible())) continue;
    }
    const row = page.locator(SEL.quickInputRow).filter({ hasText: title }).first();
    try {
      // The palette can close again right after opening (a notification or view taking focus): retry.
      await input.fill(`>${title}`, { timeout: 5_000 });
      await row.waitFor({ state: 'visible', timeout: 3_000 });
      await page.keyboard.press('Enter');
      return;
    } catch (err) {
      if (Date.now() > deadline) throw new Error(`command "${title}" did not show in the palette within ${timeoutMs} ms (${String(err)})`);
    }
  }
}

/** The webview content frame that has `selector` (a view and a panel may both be webviews). */
export async function webviewFrameWith(page: Page, selector: string, timeoutMs = 60_000): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const f of page.frames()) {
      if (await f.locator(selector).count().catch(() => 0)) return f;
    }
    if (Date.now() > deadline) throw new Error(`no webview shows ${selector} after ${timeoutMs} ms`);
    await page.waitForTimeout(250);
  }
}

/** The text of the visible terminal (DOM renderer: set terminal.integrated.gpuAcceleration to "off"). */
export async function terminalText(page: Page): Promise<string> {
  return (await page.locator('.terminal-wrapper.active .xterm-rows, .terminal-wrapper .xterm-rows').allInnerTexts()).join('\n');
}
