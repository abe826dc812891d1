/**
 * The one way Forge puts text into HTML that it builds as a string: the webview shells, the usage
 * dashboard (Forge: Show Usage) and forge eval's report.html. Pages are written with the `html`
 * tag, which escapes every interpolated value unless it is itself a fragment built by `html`, so
 * a field that someone forgets to escape cannot exist. The webviews' own UI never builds HTML
 * from strings at all (createElement + textContent; see docs/security.md).
 */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

/** Escapes text for an element's content or a quoted attribute value (single or double quotes). */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"'`]/g, (c) => ESCAPES[c]!);
}

/** A piece of HTML built by `html` (or `trustedHtml`): interpolated as is. */
export class HtmlFragment {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export type HtmlValue = HtmlFragment | string | number | boolean | null | undefined | readonly HtmlValue[];

function part(v: HtmlValue): string {
  if (v instanceof HtmlFragment) return v.value;
  if (v === null || v === undefined || v === false) return '';
  if (Array.isArray(v)) return v.map(part).join('');
  return escapeHtml(String(v));
}

/**
 * A template tag for HTML: html`<td title="${text}">${text}</td>` escapes both. Arrays are joined
 * (each item escaped unless a fragment); null, undefined and false give nothing. Attribute values
 * must be quoted in the template (an unquoted one could still be split by a space).
 */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): HtmlFragment {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += part(values[i]!) + strings[i + 1]!;
  return new HtmlFragment(out);
}

/** Marks a constant the code itself wrote (never data) as HTML, e.g. a page's stylesheet. */
export function trustedHtml(constant: string): HtmlFragment {
  return new HtmlFragment(constant);
}
