/**
 * The XSS corpus (test/fixtures/xss/payloads.txt) and the probe that watches a page for it. A
 * payload counts as executed when it calls window.__xss, opens a dialog or requests xss.invalid;
 * it counts as injected when the page's DOM ever holds an element or attribute that could run or
 * load something (a <script>/<iframe>/<img>/<a>/<style>/... it did not create itself, an on*
 * attribute, srcdoc, a javascript:/data:/vbscript: URL, CSS with url()), found by a
 * MutationObserver while the page renders and by a scan of the final DOM.
 */
import { readFileSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';

export interface Payload {
  /** 1-based: what `__xss(N)` and `xss.invalid/N/` carry. */
  n: number;
  /** script, event, jsurl, dataurl, svg, css, structure, obfuscated, markdown, breakout, polyglot. */
  cls: string;
  name: string;
  text: string;
}

const FILE = `${__dirname}/../fixtures/xss/payloads.txt`;

export function loadPayloads(): Payload[] {
  const out: Payload[] = [];
  let cur: { cls: string; name: string; lines: string[] } | undefined;
  const flush = () => {
    if (!cur) return;
    const n = out.length + 1;
    const text = cur.lines.join('\n').replace(/__xss\(\)/g, `__xss(${n})`).replace(/xss\.invalid\//g, `xss.invalid/${n}/`);
    out.push({ n, cls: cur.cls, name: cur.name, text });
  };
  for (const line of readFileSync(FILE, 'utf8').replace(/\n$/, '').split('\n')) {
    const head = /^## (\w+): (.+)$/.exec(line);
    if (head) {
      flush();
      cur = { cls: head[1]!, name: head[2]!, lines: [] };
    } else if (cur) cur.lines.push(line);
  }
  flush();
  return out;
}

/** Runs in the page before its own scripts (stringified: self-contained). */
export function xssProbe(): void {
  const w = window as unknown as Record<string, unknown> & { __xssHits: string[]; __xssFindings: string[]; __xssCsp: string[]; __xssArmed: boolean };
  w.__xssHits = [];
  w.__xssFindings = [];
  w.__xssCsp = [];
  w.__xssArmed = false;
  w.__xss = (n: unknown) => w.__xssHits.push(`__xss(${String(n)}) was called`);
  document.addEventListener('securitypolicyviolation', (e) => w.__xssCsp.push(`${e.violatedDirective} ${e.blockedURI}`));
  const BAD_TAGS = new Set(['script', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'base', 'form', 'img', 'image', 'picture', 'video', 'audio', 'source', 'track',
    'a', 'link', 'meta', 'style', 'math', 'foreignobject', 'animate', 'set', 'animatetransform', 'use', 'marquee', 'template', 'noscript', 'portal', 'xmp', 'plaintext']);
  const URL_ATTRS = new Set(['href', 'src', 'action', 'formaction', 'data', 'xlink:href', 'background', 'poster', 'codebase', 'cite', 'ping', 'srcset', 'lowsrc', 'dynsrc', 'values', 'to', 'from']);
  const badUrl = (v: string) => {
    const s = v.replace(/[\s\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028\u2029\ufeff]+/g, '').toLowerCase();
    return /^(javascript|data|vbscript|livescript):/.test(s) || s.includes('xss.invalid');
  };
  /** The page's own script (the webview shell's nonce script from /dist/). */
  const own = (el: Element) => el.localName === 'script' && el.hasAttribute('nonce') && (el.getAttribute('src') ?? '').startsWith(`${location.origin}/dist/`);
  /** The page's own first render (taken when the probe is armed): its elements are the app's, not a payload's. */
  let baseline = new WeakSet<Element>();
  w.__xssArm = () => {
    baseline = new WeakSet(Array.from(document.querySelectorAll('*')));
    w.__xssArmed = true;
  };
  const what = (el: Element) => el.outerHTML.slice(0, 160);
  const inspect = (el: Element, where: string) => {
    if (own(el)) return;
    const tag = el.localName.toLowerCase();
    if (BAD_TAGS.has(tag) && !baseline.has(el)) w.__xssFindings.push(`${where}: a <${tag}> element: ${what(el)}`);
    inspectAttributes(el, where);
  };
  function inspectAttributes(el: Element, where: string): void {
    for (const a of Array.from(el.attributes)) {
      const n = a.name.toLowerCase();
      if (n.startsWith('on')) w.__xssFindings.push(`${where}: an event handler attribute ${n}: ${what(el)}`);
      else if (n === 'srcdoc') w.__xssFindings.push(`${where}: srcdoc: ${what(el)}`);
      else if (URL_ATTRS.has(n) && badUrl(a.value)) w.__xssFindings.push(`${where}: ${n}=${a.value.slice(0, 80)}`);
      else if (n === 'style' && /url\s*\(|expression\s*\(|javascript:|xss\.invalid|@import|position\s*:\s*fixed/i.test(a.value)) w.__xssFindings.push(`${where}: style=${a.value.slice(0, 80)}`);
      else if (n === 'data-href' && !/^https?:\/\//i.test(a.value)) w.__xssFindings.push(`${where}: a web link to a non-web URL: ${a.value.slice(0, 80)}`);
    }
  }
  const scan = (root: Element, where: string) => {
    inspect(root, where);
    for (const el of Array.from(root.querySelectorAll('*'))) inspect(el, where);
  };
  /** Scans a tree (e.g. an inert DOMParser document) and returns how many findings it added. */
  w.__xssScanTree = (root: Element) => {
    const before = w.__xssFindings.length;
    scan(root, 'scanned tree');
    return w.__xssFindings.length - before;
  };
  w.__xssScan = () => {
    if (document.body) scan(document.body, 'final DOM');
    for (const el of Array.from(document.head?.querySelectorAll('base, meta[http-equiv="refresh" i], script:not([nonce])') ?? [])) w.__xssFindings.push(`final DOM: ${el.outerHTML.slice(0, 160)} in <head>`);
  };
  new MutationObserver((records) => {
    if (!w.__xssArmed) return;
    for (const r of records) {
      if (r.type === 'attributes' && r.target instanceof Element) inspectAttributes(r.target, 'attribute set');
      for (const node of Array.from(r.addedNodes)) if (node instanceof Element) scan(node, 'inserted');
    }
  }).observe(document, { subtree: true, childList: true, attributes: true });
}

export interface ProbeResult {
  /** __xss calls, dialogs and requests to xss.invalid. */
  executed: string[];
  /** Elements and attributes that could run or load something. */
  injected: string[];
  csp: string[];
}

/**
 * Installs the probe in a browser context (before its pages load): dialogs are recorded and
 * dismissed, requests to xss.invalid recorded and aborted.
 */
export async function installProbe(context: BrowserContext): Promise<{ result(page: Page): Promise<ProbeResult> }> {
  const outside: string[] = [];
  await context.addInitScript({ content: `globalThis.__name = (f) => f; (${xssProbe.toString()})();` });
  await context.route(/xss\.invalid/, async (route) => {
    outside.push(`request to ${route.request().url()}`);
    await route.abort();
  });
  context.on('page', (page) => {
    page.on('dialog', (d) => {
      outside.push(`${d.type()} dialog: ${d.message()}`);
      void d.dismiss().catch(() => undefined);
    });
    // The first navigation loads the page; any later one (meta refresh, a form, a link) is a payload's.
    let loads = 0;
    page.on('framenavigated', (f) => {
      if (f === page.mainFrame() && ++loads > 1) outside.push(`the page navigated to ${f.url()}`);
    });
  });
  return {
    async result(page: Page) {
      // Let timers, image errors and frame loads settle before reading.
      await page.waitForTimeout(150);
      const r = await page.evaluate(() => {
        const w = window as unknown as { __xssHits: string[]; __xssFindings: string[]; __xssCsp: string[]; __xssScan(): void };
        w.__xssScan();
        return { hits: w.__xssHits, findings: w.__xssFindings, csp: w.__xssCsp };
      }).catch((e: Error) => ({ hits: [`the page's records were lost (${e.message.split('\n')[0]})`], findings: [], csp: [] }));
      return { executed: [...r.hits, ...outside], injected: r.findings, csp: r.csp };
    },
  };
}

/** Arms the MutationObserver (after the page's own first render). */
export async function arm(page: Page): Promise<void> {
  await page.evaluate(() => (window as unknown as { __xssArm(): void }).__xssArm());
}
