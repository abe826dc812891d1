/**
 * Serves the review panel on 127.0.0.1 exactly as the host builds it (reviewPanelHtml: CSP,
 * nonce, one script) and drives it in Debian's headless chromium with `acquireVsCodeApi` stubbed:
 * posted messages are recorded on window.__posted and the state persists in sessionStorage,
 * so a reload behaves like VS Code re-creating a hidden webview.
 */
import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as esbuild from 'esbuild';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { parseWebviewMessage, type HostMessage, type ReviewView, type WebviewMessage } from '../../src/protocol/review';
import { summaryView } from './fixtures';
import { reviewPanelHtml } from '../../src/protocol/webviewHtml';
import { BODY_CLASS, themeCss, type ThemeName } from './themes';
import { postToPage } from './postToPage';

export const CHROMIUM = process.env.FORGE_CHROMIUM ?? '/usr/bin/chromium';
const ROOT = `${__dirname}/../..`;

declare global {
  interface Window {
    __posted: unknown[];
    __csp: string[];
    __pwned?: number;
    /** The stand-in host's files: loadFile is answered with fileHunks from here. */
    __hostFiles?: Record<string, unknown>;
  }
}

/** Runs in the page before any of its scripts: the VS Code webview API stand-in. */
function stub(): void {
  const KEY = '__forgeReviewState';
  window.__posted = [];
  window.__csp = [];
  document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  let acquired = false;
  (window as unknown as { acquireVsCodeApi: () => unknown }).acquireVsCodeApi = () => {
    if (acquired) throw new Error('acquireVsCodeApi may only be called once');
    acquired = true;
    return {
      postMessage: (m: unknown) => {
        const copy = JSON.parse(JSON.stringify(m)) as { type: string; path?: string };
        window.__posted.push(copy);
        // The host answers loadFile asynchronously, as a real extension host does.
        const hunks = copy.type === 'loadFile' ? window.__hostFiles?.[copy.path!] : undefined;
        if (hunks) setTimeout(() => window.postMessage({ type: 'fileHunks', path: copy.path, hunks }, '*'), 0);
      },
      getState: () => {
        const s = sessionStorage.getItem(KEY);
        return s ? JSON.parse(s) : undefined;
      },
      setState: (s: unknown) => sessionStorage.setItem(KEY, JSON.stringify(s)),
    };
  };
}

export class ReviewHarness {
  private constructor(
    private readonly server: Server,
    readonly browser: Browser,
    readonly base: string,
    /** Translations a page was opened with (vscode.l10n.bundle as the host hands it over), by the page's query. */
    private readonly bundles: Map<string, Record<string, string>>,
  ) {}

  static async start(): Promise<ReviewHarness> {
    const built = await esbuild.build({
      entryPoints: [`${ROOT}/src/webview/review/main.ts`],
      bundle: true,
      format: 'iife',
      platform: 'browser',
      target: 'es2022',
      minify: process.env.FORGE_WEBVIEW_MINIFY !== '0',
      write: false,
      logLevel: 'silent',
    });
    const script = built.outputFiles[0]!.text;
    const codicons = `${ROOT}/node_modules/@vscode/codicons/dist`;
    const files: Record<string, [string, () => string | Buffer]> = {
      '/dist/review.js': ['text/javascript', () => script],
      '/media/review.css': ['text/css', () => readFileSync(`${ROOT}/media/review.css`)],
      '/codicons/codicon.css': ['text/css', () => readFileSync(`${codicons}/codicon.css`)],
      '/codicons/codicon.ttf': ['font/ttf', () => readFileSync(`${codicons}/codicon.ttf`)],
      '/theme/dark.css': ['text/css', () => themeCss('dark')],
      '/theme/light.css': ['text/css', () => themeCss('light')],
      '/theme/hc.css': ['text/css', () => themeCss('hc')],
      '/theme/hcLight.css': ['text/css', () => themeCss('hcLight')],
    };
    let origin = '';
    const bundles = new Map<string, Record<string, string>>();
    const server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      if (url.pathname === '/review.html') {
        const t = url.searchParams.get('theme');
        const theme: ThemeName = t === 'light' || t === 'hc' || t === 'hcLight' ? t : 'dark';
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(page(origin, theme, bundles.get(url.searchParams.get('l10n') ?? '')));
        return;
      }
      if (url.pathname === '/favicon.ico') {
        res.writeHead(204).end();
        return;
      }
      const f = files[url.pathname];
      if (!f) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': f[0] });
      res.end(f[1]());
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
    });
    return new ReviewHarness(server, browser, origin, bundles);
  }

  /** A fresh page (own sessionStorage) with the panel loaded and `ready` posted. */
  /** prepare: runs on the fresh context before the page exists (init scripts, routes). */
  /** l10n: the translations the host hands the page (vscode.l10n.bundle of a non-English VS Code). */
  async open(o: { theme?: ThemeName; width?: number; height?: number; prepare?: (context: BrowserContext) => Promise<void>; l10n?: Record<string, string> } = {}): Promise<ReviewPage> {
    const id = o.l10n ? randomBytes(6).toString('hex') : '';
    if (o.l10n) this.bundles.set(id, o.l10n);
    const context = await this.browser.newContext({ viewport: { width: o.width ?? 1200, height: o.height ?? 760 }, deviceScaleFactor: 1 });
    // tsx compiles this file with keepNames: functions passed to the page may call __name.
    await context.addInitScript({ content: `globalThis.__name = (f) => f; (${stub.toString()})();` });
    await o.prepare?.(context);
    const p = await context.newPage();
    const errors: string[] = [];
    p.on('pageerror', (e) => errors.push(String(e)));
    p.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await p.goto(`${this.base}/review.html?theme=${o.theme ?? 'dark'}${id ? `&l10n=${id}` : ''}`);
    await p.waitForFunction(() => window.__posted.some((m) => (m as { type: string }).type === 'ready'));
    return new ReviewPage(p, errors);
  }

  async close(): Promise<void> {
    await this.browser.close();
    await new Promise((r) => this.server.close(r));
  }
}

function page(origin: string, theme: ThemeName, l10n?: Record<string, string>): string {
  const html = reviewPanelHtml({
    ...(l10n ? { l10n, lang: 'qps-ploc' } : {}),
    cspSource: origin,
    nonce: randomBytes(16).toString('base64url'),
    scriptUri: `${origin}/dist/review.js`,
    styleUri: `${origin}/media/review.css`,
    codiconUri: `${origin}/codicons/codicon.css`,
  });
  // VS Code puts the theme's variables on <html> and the theme kind on <body>.
  return html
    .replace('<link rel="stylesheet"', `<link rel="stylesheet" href="${origin}/theme/${theme}.css">\n<link rel="stylesheet"`)
    .replace('<body>', `<body class="${BODY_CLASS[theme]}">`);
}

export class ReviewPage {
  constructor(
    readonly page: Page,
    readonly errors: string[],
  ) {}

  /** Posts a host message into the webview, as panel.webview.postMessage does. */
  async send(m: HostMessage | Record<string, unknown>): Promise<void> {
    await postToPage(this.page, m);
  }

  /** Sends a `show` and waits until it is rendered. */
  async show(view: HostMessage & { type: 'show' } | { type: 'show'; view: unknown }): Promise<void> {
    await this.send(view as HostMessage);
    await this.page.waitForSelector('.hunks, .empty-state');
  }

  /**
   * Acts as the host for a whole view: sends `show` with every file's summary and the hunks of
   * the first file only (as the real host does), and answers loadFile from the full view.
   */
  async serve(view: ReviewView, loadedPath?: string): Promise<void> {
    const files = Object.fromEntries(view.files.map((f) => [f.path, f.hunks]));
    await this.page.evaluate((fs) => (window.__hostFiles = fs), files);
    await this.show({ type: 'show', view: summaryView(view, loadedPath) });
  }

  /** Every message posted so far (each one checked against the protocol). */
  async posted(): Promise<WebviewMessage[]> {
    const raw = await this.page.evaluate(() => window.__posted);
    return raw.map((m) => {
      const r = parseWebviewMessage(m);
      if (!r.ok) throw new Error(`the webview posted an invalid message: ${r.error}`);
      return r.message;
    });
  }

  /** Messages posted after `ready`, cleared afterwards. */
  async take(): Promise<WebviewMessage[]> {
    const all = (await this.posted()).filter((m) => m.type !== 'ready');
    await this.page.evaluate(() => (window.__posted = []));
    return all;
  }

  async cspViolations(): Promise<string[]> {
    return this.page.evaluate(() => window.__csp);
  }

  async focused(): Promise<{ cls: string; label: string | null; tag: string }> {
    return this.page.evaluate(() => {
      const a = document.activeElement as HTMLElement;
      return { cls: a.className, label: a.getAttribute('aria-label'), tag: a.tagName.toLowerCase() };
    });
  }

  async close(): Promise<void> {
    await this.page.context().close();
  }
}

/**
 * Mocha hooks of a review webview suite: one harness (and browser) for the suite; the page a test
 * opens is checked for CSP violations and page errors, and closed, after the test.
 */
export function useReviewHarness(): { open(o?: Parameters<ReviewHarness['open']>[0]): Promise<ReviewPage> } {
  let harness: ReviewHarness;
  let p: ReviewPage | undefined;
  before(async () => {
    mkdirSync('test-results/webview', { recursive: true });
    harness = await ReviewHarness.start();
  });
  after(async () => harness?.close());
  afterEach(async () => {
    if (!p) return;
    assert.deepEqual(await p.cspViolations(), [], 'no CSP violations');
    assert.deepEqual(p.errors, [], 'no page errors');
    await p.close();
    p = undefined;
  });
  return { open: async (o) => (p = await harness.open(o)) };
}

/** useReviewHarness, with a page showing `view` opened before each test. */
export function useReviewPage(view: () => Parameters<ReviewPage['show']>[0]): { page: () => ReviewPage } {
  const suite = useReviewHarness();
  let p: ReviewPage;
  beforeEach(async () => {
    p = await suite.open();
    await p.show(view());
  });
  return { page: () => p };
}
