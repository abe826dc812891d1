/**
 * Workspace file references and web links in the model's text: `src/a.ts:12`, `src/a.ts#L12`,
 * `./lib/b.py` and `https://...`. Each becomes an element with role=link whose target sits in
 * data attributes; nothing navigates by itself (the chat view posts openFile / openLink, and the
 * host checks the path is in the workspace and lets VS Code confirm external links).
 */
import * as l10n from '@vscode/l10n';

/** A path with a '/' or a line suffix, ending in an extension; then :line or #Lline. */
const PATH = String.raw`(?:\.{1,2}\/)?(?:[\w@.+-]+\/)*[\w@.+-]*[\w-]\.[A-Za-z][\w]{0,9}`;
const REF = new RegExp(String.raw`(https?:\/\/[^\s<>"'\x60)\]]+[^\s<>"'\x60)\].,;:!?])|(?<![\w/.@-])(${PATH})(?:(?::(\d+)(?::\d+)?)|(?:#L(\d+)(?:-L?\d+)?))?(?![\w/])`, 'g');

export type Piece = { kind: 'text'; text: string } | { kind: 'file'; text: string; path: string; line?: number } | { kind: 'web'; text: string; url: string };

export function findReferences(s: string): Piece[] {
  const out: Piece[] = [];
  let at = 0;
  for (const m of s.matchAll(REF)) {
    const i = m.index!;
    let piece: Piece | undefined;
    if (m[1]) piece = { kind: 'web', text: m[1], url: m[1] };
    else {
      const path = m[2]!;
      const line = m[3] ?? m[4];
      if (line || path.includes('/')) piece = { kind: 'file', text: m[0], path, ...(line ? { line: Number(line) } : {}) };
    }
    if (!piece) continue;
    if (i > at) out.push({ kind: 'text', text: s.slice(at, i) });
    out.push(piece);
    at = i + m[0].length;
  }
  if (at < s.length) out.push({ kind: 'text', text: s.slice(at) });
  return out;
}

/** The whole string as one file reference, or undefined (for inline code). */
export function wholeReference(s: string): Extract<Piece, { kind: 'file' }> | undefined {
  const p = findReferences(s.trim());
  return p.length === 1 && p[0]!.kind === 'file' ? p[0] : undefined;
}

export function isWebUrl(href: string): boolean {
  return /^https?:\/\//i.test(href);
}

function linkish<K extends 'span' | 'code'>(tag: K, cls: string, text: string, title: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  e.className = cls;
  e.textContent = text;
  e.title = title;
  e.setAttribute('role', 'link');
  e.tabIndex = 0;
  return e;
}

export function fileRefElement(tag: 'span' | 'code', text: string, path: string, line?: number): HTMLElement {
  const e = linkish(tag, 'file-ref', text, line ? l10n.t('Open {0} at line {1}', path, line) : l10n.t('Open {0}', path));
  e.dataset.path = path;
  if (line) e.dataset.line = String(line);
  return e;
}

export function webLinkElement(text: string, url: string): HTMLElement {
  const e = linkish('span', 'md-link web-link', text, url);
  e.dataset.href = url;
  return e;
}

/** Text with its references as link elements. */
export function appendWithReferences(parent: HTMLElement, s: string): void {
  for (const p of findReferences(s)) {
    if (p.kind === 'text') parent.append(document.createTextNode(p.text));
    else if (p.kind === 'file') parent.append(fileRefElement('span', p.text, p.path, p.line));
    else parent.append(webLinkElement(p.text, p.url));
  }
}
