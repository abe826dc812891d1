/**
 * Builds DOM nodes for parsed markdown with createElement + textContent only: model text is never
 * parsed as HTML, links are inert text (the target only in a tooltip).
 */
import { parseInline, parseMarkdown, type Block, type Inline } from './markdown';

function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

function inlines(parent: HTMLElement, list: Inline[]): void {
  for (const n of list) {
    switch (n.kind) {
      case 'text': parent.append(document.createTextNode(n.text)); break;
      case 'code': parent.append(el('code', undefined, n.text)); break;
      case 'strong': { const s = el('strong'); inlines(s, n.children); parent.append(s); break; }
      case 'em': { const s = el('em'); inlines(s, n.children); parent.append(s); break; }
      case 'link': {
        const s = el('span', 'md-link', n.text);
        s.title = n.href;
        parent.append(s);
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
    case 'code': {
      const pre = el('pre', 'md-code');
      if (b.lang) pre.dataset.lang = b.lang;
      pre.append(el('code', undefined, b.text));
      return pre;
    }
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
