/**
 * WCAG contrast of every text element on a page: the colour of each element that holds text,
 * against the background actually behind it (its own and its ancestors' backgrounds, alpha
 * composited down to the page). Runs in the page (pass to page.evaluate).
 */

export interface ContrastFinding {
  /** A short path to the element ("div.entry.assistant > code"). */
  where: string;
  text: string;
  fg: string;
  bg: string;
  ratio: number;
}

/** In the page: every visible text element whose contrast is below `min`, plus how many were checked. */
export function contrastFindings(min: number): { checked: number; failing: ContrastFinding[] } {
  type RGBA = [number, number, number, number];
  const parse = (c: string): RGBA | undefined => {
    let m = /^rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)$/.exec(c);
    if (m) return [+m[1], +m[2], +m[3], m[4] === undefined ? 1 : +m[4]];
    m = /^color\(srgb ([\d.e-]+) ([\d.e-]+) ([\d.e-]+)(?: \/ ([\d.]+))?\)$/.exec(c);
    if (m) return [+m[1] * 255, +m[2] * 255, +m[3] * 255, m[4] === undefined ? 1 : +m[4]];
    return undefined;
  };
  const over = (top: RGBA, under: RGBA): RGBA => {
    const a = top[3] + under[3] * (1 - top[3]);
    if (a === 0) return [0, 0, 0, 0];
    return [0, 1, 2].map((i) => (top[i] * top[3] + under[i] * under[3] * (1 - top[3])) / a).concat(a) as RGBA;
  };
  const lum = (c: RGBA) => {
    const f = (v: number) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
  };
  const ratio = (a: RGBA, b: RGBA) => {
    const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05);
  };
  const page = parse(getComputedStyle(document.documentElement).getPropertyValue('--vscode-editor-background').trim().replace(/^#(..)(..)(..)$/, (_, r, g, b) => `rgb(${parseInt(r, 16)}, ${parseInt(g, 16)}, ${parseInt(b, 16)})`)) ?? [255, 255, 255, 1];
  const background = (el: Element | null): RGBA => {
    const layers: RGBA[] = [];
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c[3] > 0) {
        layers.push(c);
        if (c[3] >= 1) break;
      }
    }
    let bg: RGBA = page;
    for (const l of layers.reverse()) bg = over(l, bg);
    return bg;
  };
  const name = (el: Element) => {
    const parts: string[] = [];
    for (let e: Element | null = el; e && parts.length < 3 && e !== document.body; e = e.parentElement) parts.unshift(`${e.tagName.toLowerCase()}${e.classList.length ? `.${[...e.classList].join('.')}` : ''}`);
    return parts.join(' > ');
  };
  const failing: ContrastFinding[] = [];
  let checked = 0;
  for (const el of document.body.querySelectorAll('*')) {
    const own = [...el.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent ?? '').join('').trim();
    if (!own) continue;
    const style = getComputedStyle(el);
    const box = (el as HTMLElement).getBoundingClientRect();
    if (style.visibility === 'hidden' || style.display === 'none' || box.width === 0 || box.height === 0) continue;
    if (el.closest('[aria-hidden="true"], [hidden]') || (el as HTMLButtonElement).disabled || el.closest('button:disabled, [aria-disabled="true"]')) continue;
    const fg = parse(style.color);
    if (!fg) continue;
    const bg = background(el);
    const r = ratio(over(fg, bg), bg);
    checked++;
    if (r < min) failing.push({ where: name(el), text: own.slice(0, 40), fg: style.color, bg: `rgb(${bg.slice(0, 3).map((v) => Math.round(v)).join(', ')})`, ratio: Math.round(r * 100) / 100 });
  }
  return { checked, failing };
}
