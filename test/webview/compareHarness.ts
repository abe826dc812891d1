/**
 * Serves the best-of-N comparison page exactly as the host builds it (webviewShellHtml: CSP,
 * nonce, one script, media/compare.css, codicons) and drives it in Debian's headless chromium with
 * `acquireVsCodeApi` stubbed: posted messages land on window.__posted, the state in sessionStorage.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as esbuild from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { parseCompareWebviewMessage, type CompareView, type CompareWebviewMessage } from '../../src/protocol/compare';
import { webviewShellHtml } from '../../src/protocol/webviewHtml';
import { CHROMIUM } from './harness';
import { postToPage } from './postToPage';
import { BODY_CLASS, themeCss, type ThemeName } from './themes';

const ROOT = `${__dirname}/../..`;

function stub(): void {
  const w = window as unknown as { __posted: unknown[]; __csp: string[]; acquireVsCodeApi: () => unknown };
  w.__posted = [];
  w.__csp = [];
  document.addEventListener('securitypolicyviolation', (e) => w.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  w.acquireVsCodeApi = () => ({
    postMessage: (m: unknown) => w.__posted.push(JSON.parse(JSON.stringify(m))),
    getState: () => JSON.parse(sessionStorage.getItem('__compare') ?? 'null') ?? undefined,
    setState: (s: unknown) => sessionStorage.setItem('__compare', JSON.stringify(s)),
  });
}

export class CompareHarness {
  private constructor(private readonly server: Server, readonly browser: Browser, readonly base: string) {}

  static async start(): Promise<CompareHarness> {
    const built = await esbuild.build({ entryPoints: [`${ROOT}/src/webview/compare/main.ts`], bundle: true, format: 'iife', platform: 'browser', target: 'es2022', minify: true, write: false, logLevel: 'silent' });
    const script = built.outputFiles[0]!.text;
    const codicons = `${ROOT}/node_modules/@vscode/codicons/dist`;
    const files: Record<string, [string, () => string | Buffer]> = {
      '/dist/compare.js': ['text/javascript', () => script],
      '/media/compare.css': ['text/css', () => readFileSync(`${ROOT}/media/compare.css`)],
      '/codicons/codicon.css': ['text/css', () => readFileSync(`${codicons}/codicon.css`)],
      '/codicons/codicon.ttf': ['font/ttf', () => readFileSync(`${codicons}/codicon.ttf`)],
    };
    let origin = '';
    const server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      const theme = (url.searchParams.get('theme') ?? 'dark') as ThemeName;
      if (url.pathname === '/compare.html') return void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page(origin, theme));
      if (url.pathname.startsWith('/theme/')) return void res.writeHead(200, { 'content-type': 'text/css' }).end(themeCss(url.pathname.slice(7, -4) as ThemeName));
      if (url.pathname === '/favicon.ico') return void res.writeHead(204).end();
      const f = files[url.pathname];
      if (!f) return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': f[0] }).end(f[1]());
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-dev-shm-usage'] });
    return new CompareHarness(server, browser, origin);
  }

  async open(view: CompareView, o: { theme?: ThemeName; width?: number; height?: number } = {}): Promise<ComparePage> {
    const context = await this.browser.newContext({ viewport: { width: o.width ?? 1280, height: o.height ?? 800 }, deviceScaleFactor: 1 });
    await context.addInitScript({ content: `globalThis.__name = (f) => f; (${stub.toString()})();` });
    const p = await context.newPage();
    const errors: string[] = [];
    p.on('pageerror', (e) => errors.push(String(e)));
    p.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await p.goto(`${this.base}/compare.html?theme=${o.theme ?? 'dark'}`);
    await p.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'ready'));
    const cp = new ComparePage(p, errors);
    await cp.show(view);
    return cp;
  }

  async close(): Promise<void> {
    await this.browser.close();
    await new Promise((r) => this.server.close(r));
  }
}

function page(origin: string, theme: ThemeName): string {
  const html = webviewShellHtml({
    cspSource: origin, nonce: randomBytes(16).toString('base64url'), title: 'Forge: Compare Candidates', rootClass: 'compare-root',
    scriptUri: `${origin}/dist/compare.js`, styleUri: `${origin}/media/compare.css`, codiconUri: `${origin}/codicons/codicon.css`,
  });
  return html
    .replace('<link rel="stylesheet"', `<link rel="stylesheet" href="${origin}/theme/${theme}.css">\n<link rel="stylesheet"`)
    .replace('<body>', `<body class="${BODY_CLASS[theme]}">`);
}

export class ComparePage {
  constructor(readonly page: Page, readonly errors: string[]) {}

  async show(view: CompareView): Promise<void> {
    await postToPage(this.page, { type: 'show', view });
    await this.page.waitForSelector(`#root[data-rendered="${view.groupId}"]`);
  }

  async send(m: unknown): Promise<void> {
    await postToPage(this.page, m);
  }

  /** Messages posted after `ready` (each checked against the protocol), cleared afterwards. */
  async take(): Promise<CompareWebviewMessage[]> {
    const raw = await this.page.evaluate(() => (window as unknown as { __posted: unknown[] }).__posted.splice(0));
    return raw.map((m) => {
      const r = parseCompareWebviewMessage(m);
      if (!r.ok) throw new Error(`the page posted an invalid message: ${r.error}`);
      return r.message;
    }).filter((m) => m.type !== 'ready');
  }

  async csp(): Promise<string[]> {
    return this.page.evaluate(() => (window as unknown as { __csp: string[] }).__csp);
  }
}
