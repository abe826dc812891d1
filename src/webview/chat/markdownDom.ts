/**
 * Builds DOM nodes for parsed markdown with createElement + textContent only: model text is never
 * parsed as HTML. Web links and workspace file references become role=link elements with their
 * target in data attributes (the chat view opens them through the host); other links stay inert
 * text (the target only in a tooltip). Code blocks get colour and Copy / Insert at Cursor.
 */
import { codeBlock } from './codeBlock';
import { parseInline, parseMarkdown, type Block, type Inline } from './markdown';
import { appendWithReferences, fileRefElement, isWebUrl, webLinkElement, wholeReference } from './references';

function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

function inlines(parent: HTMLElement, list: Inline[]): void {
  for (const n of list) {
    switch (n.kind) {
      case 'text': appendWithReferences(parent, n.text); break;
      case 'code': {
        const ref = wholeReference(n.text);
        parent.append(ref ? fileRefElement('code', n.text, ref.path, ref.line) : el('code', undefined, n.text));
        break;
      }
      case 'strong': { const s = el('strong'); inlines(s, n.children); parent.append(s); break; }
      case 'em': { const s = el('em'); inlines(s, n.children); parent.append(s); break; }
      case 'link': {
        const ref = wholeReference(n.href.replace(/^\.\//, ''));
        if (isWebUrl(n.href)) parent.append(webLinkElement(n.text, n.href));
        else if (ref) parent.append(fileRefElement('span', n.text, ref.path, ref.line));
        else {
          const s = el('span', 'md-link', n.text);
          s.title = n.href;
          parent.append(s);
        }
        break;
      }
    }
  }
}

function block(b: Block): HTMLElement {
  switch (b.kind) {
    case 'paragraph': { const p = el('p'); inlines(p, b.inlines); return p; }
    case 'heading': { const h = el(`h${Math.min(6, b.level + 2)}` as 'h3'); inlines(h, b.inlines); return h; }
    case 'quote': { const q = el('blockquote'); inlines(q, b.inlines); return q; }
    case 'code': return codeBlock(b.lang, b.text);
    case 'list': {
      const l = el(b.ordered ? 'ol' : 'ul');
      for (const item of b.items) {
        const li = el('li');
        inlines(li, item);
        l.append(li);
      }
      return l;
    }
  }
}

/** Replaces target's children with one line of inline markdown (code, bold, italic, inert links). */
export function renderInline(target: HTMLElement, src: string): void {
  target.replaceChildren();
  inlines(target, parseInline(src));
}

/** Replaces target's children with the rendering of `src`. */
export function renderMarkdown(target: HTMLElement, src: string): void {
  target.replaceChildren(...parseMarkdown(src).map(block));
}
