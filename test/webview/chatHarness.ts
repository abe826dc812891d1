/**
 * Serves the chat view exactly as the host builds it (chatViewHtml: CSP, nonce, one script) and
 * drives it in Debian's headless chromium with `acquireVsCodeApi` stubbed: posted messages are
 * recorded on window.__posted (and checked against the protocol when read).
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as esbuild from 'esbuild';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { chatViewHtml, parseChatWebviewMessage, type ChatHostMessage, type ChatWebviewMessage } from '../../src/protocol/chat';
const CHROMIUM = process.env.FORGE_CHROMIUM ?? '/usr/bin/chromium';
import { BODY_CLASS, THEMES, themeCss, type ThemeName } from './themes';
import { postToPage } from './postToPage';

const ROOT = `${__dirname}/../..`;

function stub(): void {
  const w = window as unknown as { __posted: unknown[]; __csp: string[]; acquireVsCodeApi: () => unknown };
  w.__posted = [];
  w.__csp = [];
  document.addEventListener('securitypolicyviolation', (e) => w.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  w.acquireVsCodeApi = () => ({ postMessage: (m: unknown) => w.__posted.push(JSON.parse(JSON.stringify(m))), getState: () => undefined, setState: () => undefined });
}

export class ChatHarness {
  /** Translations a page was opened with (vscode.l10n.bundle as the host hands it over), by the page's query. */
  private readonly bundles: Map<string, Record<string, string>>;

  private constructor(private readonly server: Server, readonly browser: Browser, readonly base: string, bundles: Map<string, Record<string, string>>) {
    this.bundles = bundles;
  }

  static async start(): Promise<ChatHarness> {
    const built = await esbuild.build({ entryPoints: [`${ROOT}/src/webview/chat/main.ts`], bundle: true, format: 'iife', platform: 'browser', target: 'es2022', write: false, logLevel: 'silent' });
    const script = built.outputFiles[0]!.text;
    const codicons = `${ROOT}/node_modules/@vscode/codicons/dist`;
    const files: Record<string, [string, () => string | Buffer]> = {
      '/dist/chat.js': ['text/javascript', () => script],
      '/media/chat.css': ['text/css', () => readFileSync(`${ROOT}/media/chat.css`)],
      '/codicons/codicon.css': ['text/css', () => readFileSync(`${codicons}/codicon.css`)],
      '/codicons/codicon.ttf': ['font/ttf', () => readFileSync(`${codicons}/codicon.ttf`)],
      ...Object.fromEntries(THEMES.map((t) => [`/theme/${t}.css`, ['text/css', () => themeCss(t)] as [string, () => string]])),
    };
    let origin = '';
    const bundles = new Map<string, Record<string, string>>();
    const server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      if (url.pathname === '/chat.html') {
        const theme = (THEMES as string[]).includes(url.searchParams.get('theme') ?? '') ? (url.searchParams.get('theme') as ThemeName) : 'dark';
        const l10n = bundles.get(url.searchParams.get('l10n') ?? '');
        const html = chatViewHtml({
          cspSource: origin, nonce: randomBytes(16).toString('base64url'), scriptUri: `${origin}/dist/chat.js`, styleUri: `${origin}/media/chat.css`, codiconUri: `${origin}/codicons/codicon.css`,
          ...(l10n ? { l10n, lang: 'qps-ploc' } : {}),
        })
          .replace('<link rel="stylesheet"', `<link rel="stylesheet" href="${origin}/theme/${theme}.css">\n<link rel="stylesheet"`)
          .replace('<body>', `<body class="${BODY_CLASS[theme]}">`);
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
        return;
      }
      const f = files[url.pathname];
      if (url.pathname === '/favicon.ico') {
        res.writeHead(204).end();
        return;
      }
      if (!f) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': f[0] }).end(f[1]());
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'] });
    return new ChatHarness(server, browser, origin, bundles);
  }

  /**
   * prepare: runs on the fresh context before the page exists (init scripts, routes); l10n: the
   * translations the host hands the page (vscode.l10n.bundle of a non-English VS Code).
   */
  async open(theme: ThemeName = 'dark', prepare?: (context: BrowserContext) => Promise<void>, l10n?: Record<string, string>): Promise<ChatPage> {
    const id = l10n ? randomBytes(6).toString('hex') : '';
    if (l10n) this.bundles.set(id, l10n);
    const context = await this.browser.newContext({ viewport: { width: 420, height: 800 } });
    await context.addInitScript({ content: `globalThis.__name = (f) => f; (${stub.toString()})();` });
    await prepare?.(context);
    const p = await context.newPage();
    const errors: string[] = [];
    p.on('pageerror', (e) => errors.push(String(e)));
    p.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await p.goto(`${this.base}/chat.html?theme=${theme}${id ? `&l10n=${id}` : ''}`);
    await p.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'ready'));
    return new ChatPage(p, errors);
  }

  async close(): Promise<void> {
    await this.browser.close();
    await new Promise((r) => this.server.close(r));
  }
}

export class ChatPage {
  constructor(readonly page: Page, readonly errors: string[]) {}

  async send(...messages: ChatHostMessage[]): Promise<void> {
    for (const m of messages) {
      await postToPage(this.page, m);
    }
  }

  /**
   * Messages posted after `ready` (each checked against the protocol), cleared afterwards. The input's
   * background requests for the context bar (contextPreview) are left out unless `all`.
   */
  async take(opts: { all?: boolean } = {}): Promise<ChatWebviewMessage[]> {
    const raw = await this.page.evaluate(() => {
      const w = window as unknown as { __posted: unknown[] };
      const all = w.__posted;
      w.__posted = [];
      return all;
    });
    return raw.map((m) => {
      const r = parseChatWebviewMessage(m);
      if (!r.ok) throw new Error(`the view posted an invalid message: ${r.error}`);
      return r.message;
    }).filter((m) => m.type !== 'ready' && (opts.all || m.type !== 'contextPreview'));
  }

  async cspViolations(): Promise<string[]> {
    return this.page.evaluate(() => (window as unknown as { __csp: string[] }).__csp);
  }

  async close(): Promise<void> {
    await this.page.context().close();
  }
}
