/**
 * A tiny markdown reader for model text: paragraphs, headings, fenced code, lists, quotes, and
 * inline code / bold / italic / links. It produces plain data (no DOM, no HTML); markdownDom.ts
 * turns it into nodes with textContent only, so model text can never become markup.
 */
export type Inline =
  | { kind: 'text'; text: string }
  | { kind: 'code'; text: string }
  | { kind: 'strong'; children: Inline[] }
  | { kind: 'em'; children: Inline[] }
  /** Links are shown as text; the target is kept only for a tooltip. */
  | { kind: 'link'; text: string; href: string };

export type Block =
  | { kind: 'paragraph'; inlines: Inline[] }
  | { kind: 'heading'; level: number; inlines: Inline[] }
  | { kind: 'code'; lang: string; text: string }
  | { kind: 'list'; ordered: boolean; items: Inline[][] }
  | { kind: 'quote'; inlines: Inline[] };

const FENCE = /^\s{0,3}(`{3,}|~{3,})\s*([\w+#.-]*)/;
const BULLET = /^\s{0,3}([-*+]|\d{1,9}[.)])\s+(.*)$/;

export function parseMarkdown(src: string): Block[] {
  const lines = src.replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  let para: string[] = [];
  const flush = () => {
    if (para.length) blocks.push({ kind: 'paragraph', inlines: parseInline(para.join('\n')) });
    para = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const fence = FENCE.exec(line);
    if (fence) {
      flush();
      const marker = fence[1]!;
      const body: string[] = [];
      i++;
      // An unclosed fence (still streaming) runs to the end.
      while (i < lines.length && !lines[i]!.trimStart().startsWith(marker)) body.push(lines[i++]!);
      blocks.push({ kind: 'code', lang: fence[2] ?? '', text: body.join('\n') });
      continue;
    }
    if (!line.trim()) {
      flush();
      continue;
    }
    const heading = /^\s{0,3}(#{1,6})\s+(.*)$/.exec(line);
    if (heading) {
      flush();
      blocks.push({ kind: 'heading', level: heading[1]!.length, inlines: parseInline(heading[2]!.replace(/\s+#+\s*$/, '')) });
      continue;
    }
    const bullet = BULLET.exec(line);
    if (bullet && !para.length) {
      const ordered = /\d/.test(bullet[1]!);
      const items: Inline[][] = [];
      let cur = [bullet[2]!];
      for (i++; i < lines.length; i++) {
        const l = lines[i]!;
        const b = BULLET.exec(l);
        if (b && /\d/.test(b[1]!) === ordered) {
          items.push(parseInline(cur.join('\n')));
          cur = [b[2]!];
        } else if (l.trim() && /^\s+/.test(l) && !FENCE.test(l)) cur.push(l.trim());
        else break;
      }
      items.push(parseInline(cur.join('\n')));
      i--;
      blocks.push({ kind: 'list', ordered, items });
      continue;
    }
    const quote = /^\s{0,3}>\s?(.*)$/.exec(line);
    if (quote) {
      flush();
      const body = [quote[1]!];
      while (i + 1 < lines.length && /^\s{0,3}>/.test(lines[i + 1]!)) body.push(lines[++i]!.replace(/^\s{0,3}>\s?/, ''));
      blocks.push({ kind: 'quote', inlines: parseInline(body.join('\n')) });
      continue;
    }
    para.push(line);
  }
  flush();
  return blocks;
}

export function parseInline(s: string): Inline[] {
  const out: Inline[] = [];
  let text = '';
  const push = (n: Inline) => {
    if (text) out.push({ kind: 'text', text });
    text = '';
    out.push(n);
  };
  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    if (c === '\\' && i + 1 < s.length && /[\\`*_[\]()#>-]/.test(s[i + 1]!)) {
      text += s[i + 1];
      i += 2;
      continue;
    }
    if (c === '`') {
      let n = 1;
      while (s[i + n] === '`') n++;
      const ticks = '`'.repeat(n);
      const end = s.indexOf(ticks, i + n);
      if (end > 0) {
        push({ kind: 'code', text: s.slice(i + n, end).replace(/^ (.+) $/, '$1') });
        i = end + n;
        continue;
      }
    }
    // Underscores only mark emphasis at word boundaries (snake_case and __dunder__ names stay text).
    const opens = c === '*' || i === 0 || /\W/.test(s[i - 1]!);
    if ((c === '*' || c === '_') && s[i + 1] === c && opens) {
      const end = s.indexOf(c + c, i + 2);
      if (end > i + 2 && (c === '*' || end + 2 >= s.length || /\W/.test(s[end + 2]!))) {
        push({ kind: 'strong', children: parseInline(s.slice(i + 2, end)) });
        i = end + 2;
        continue;
      }
    }
    if ((c === '*' || c === '_') && s[i + 1] !== c && s[i + 1] !== ' ' && opens) {
      const end = s.indexOf(c, i + 1);
      if (end > i + 1 && s[end - 1] !== ' ' && (c === '*' || end + 1 >= s.length || /\W/.test(s[end + 1]!))) {
        push({ kind: 'em', children: parseInline(s.slice(i + 1, end)) });
        i = end + 1;
        continue;
      }
    }
    if (c === '[') {
      const m = /^\[([^\]\n]+)\]\(([^)\s]+)(?:\s+"[^"]*")?\)/.exec(s.slice(i));
      if (m) {
        push({ kind: 'link', text: m[1]!, href: m[2]! });
        i += m[0].length;
        continue;
      }
    }
    text += c;
    i++;
  }
  if (text) out.push({ kind: 'text', text });
  return out;
}
