/**
 * A tiny element builder. Text always goes in through text nodes (never innerHTML), and event
 * handler attributes are refused, so file text and model text can never become markup.
 */
export type Child = Node | string | number | null | undefined | false;
export type Attrs = Record<string, string | number | boolean | null | undefined>;

/** Attributes that load, navigate or style from a value: never set from data here. */
const URL_OR_CODE_ATTRS = new Set(['href', 'src', 'srcdoc', 'srcset', 'action', 'formaction', 'xlink:href', 'data', 'style']);

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (/^on/i.test(k) || URL_OR_CODE_ATTRS.has(k.toLowerCase())) throw new Error(`attribute ${k} is not allowed`);
    if (k === 'class') el.className = String(v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

export function append(el: Node, children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
}

/** A codicon glyph (decorative). */
export function icon(name: string, extra = ''): HTMLSpanElement {
  return h('span', { class: `codicon codicon-${name}${extra ? ' ' + extra : ''}`, 'aria-hidden': 'true' });
}

/** A VS Code-style button: icon-only (`label` becomes the accessible name and tooltip) or text. */
export function button(
  opts: { label: string; icon?: string; text?: string; shortcut?: string; kind?: 'primary' | 'secondary' | 'icon'; action: string; disabled?: boolean },
  data: Attrs = {},
): HTMLButtonElement {
  const title = opts.shortcut ? `${opts.label} (${opts.shortcut})` : opts.label;
  const kind = opts.kind ?? (opts.text ? 'secondary' : 'icon');
  const b = h('button', {
    type: 'button',
    class: `btn btn-${kind}`,
    title,
    'aria-label': opts.text && opts.text === opts.label ? undefined : opts.label,
    'aria-keyshortcuts': opts.shortcut ? ariaShortcut(opts.shortcut) : undefined,
    'data-action': opts.action,
    disabled: opts.disabled,
    ...data,
  });
  if (opts.icon) b.appendChild(icon(opts.icon));
  if (opts.text) b.appendChild(h('span', { class: 'btn-text' }, opts.text));
  return b;
}

/** "Shift+A" -> "Shift+A"; "a" -> "A" (the aria-keyshortcuts syntax). */
function ariaShortcut(s: string): string {
  return s
    .split(' / ')
    .map((k) => k.replace(/^([a-z])$/, (c) => c.toUpperCase()))
    .join(' ');
}

/** The nearest ancestor (or self) with a data attribute, and its value. */
export function closestData(el: EventTarget | null, name: string): { el: HTMLElement; value: string } | undefined {
  if (!(el instanceof Element)) return undefined;
  const found = el.closest<HTMLElement>(`[data-${name}]`);
  if (!found) return undefined;
  return { el: found, value: found.dataset[toCamel(name)] ?? '' };
}

function toCamel(s: string): string {
  return s.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}
