/**
 * A small line tokenizer for syntax colouring in the review panel (no big highlighter: the bundle
 * stays small). A language turns one line into coloured spans, carrying a State across lines for
 * multi-line comments, strings, tags and fenced code. States are interned objects, so two sides of
 * a diff can be compared by identity. Pure (no DOM); the languages are in syntaxLanguages.ts.
 */

/** keyword, string, comment, number, type, function, property (attribute, key, variable). */
export type Tok = 'kw' | 'str' | 'com' | 'num' | 'type' | 'fn' | 'prop';

export interface Span {
  from: number;
  to: number;
  tok: Tok;
}

/** Where a line ended: inside something that closes with `close` (coloured `tok`). */
export interface State {
  readonly close: string;
  readonly tok: Tok;
  readonly esc: boolean;
}

export interface LineResult {
  spans: Span[];
  state: State | null;
}

export type Language = (text: string, state: State | null) => LineResult;

export interface Spec {
  /** Line comment openers ('//', '#', '--'). */
  line?: string[];
  /** '#' starts a comment only at the start or after whitespace (shell, YAML). */
  hashNeedsSpace?: boolean;
  /** Block comments [open, close]; checked before line comments. */
  block?: [string, string][];
  /** Strings: [open, close, multi-line, backslash escapes]. Longer openers first. */
  str?: [string, string, boolean, boolean][];
  kw?: string;
  types?: string;
  /** Capitalised identifiers are types (Foo, HttpClient; not FOO). */
  capTypes?: boolean;
  /** Keywords ignore case (SQL). */
  ci?: boolean;
  /** Identifier pattern (sticky). */
  ident?: RegExp;
  /** '@name' is a decorator/annotation/at-rule, coloured as this. */
  at?: Tok;
  /** '$name' / '${...}' are variables (shell, PHP, SCSS). */
  vars?: boolean;
  /** A string or word followed by ':' is a key (JSON, YAML); 'space' needs a space after ':' (CSS). */
  keyColon?: 'any' | 'space';
  /** '#include'-style directives at the start of a line are keywords. */
  preproc?: boolean;
  /** Rust: 'x' is a char, 'a a lifetime. */
  charLit?: boolean;
  /** Python-style string prefixes (f"", rb''). */
  strPrefix?: RegExp;
  /** 'name!' is a macro call (Rust). */
  macros?: boolean;
  /** CSS: #fff is a number, .name / #name selectors are types. */
  css?: boolean;
}

const NUMBER = /(?:0[xX][\da-fA-F_]+n?|0[bB][01_]+n?|0[oO][0-7_]+n?|(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(?:[eE][+-]?\d+)?[A-Za-z%]*)/y;
const IDENT = /[A-Za-z_$][\w$]*/y;
const SPACE = /[ \t]*/y;
const CHAR = /'(?:\\.[^']{0,8}|[^\\'])'/y;
const LIFETIME = /'[A-Za-z_]\w*/y;
const HEX = /#(?:[\da-fA-F]{8}|[\da-fA-F]{6}|[\da-fA-F]{3,4})(?![\w-])/y;

function words(s: string | undefined, ci = false): Set<string> {
  return new Set((s ?? '').split(/\s+/).filter(Boolean).map((w) => (ci ? w.toLowerCase() : w)));
}

function match(re: RegExp, text: string, at: number): number {
  re.lastIndex = at;
  return re.test(text) ? re.lastIndex : -1;
}

/** Index just past `close` at or after `from`, skipping backslash-escaped ones; -1 if not on this line. */
export function closeAt(text: string, from: number, close: string, esc: boolean): number {
  let j = from;
  for (;;) {
    const k = text.indexOf(close, j);
    if (k < 0) return -1;
    if (esc) {
      let b = 0;
      while (k - 1 - b >= from && text.charCodeAt(k - 1 - b) === 92) b++;
      if (b % 2 === 1) {
        j = k + 1;
        continue;
      }
    }
    return k + close.length;
  }
}

/** A language from a spec: comments, strings, numbers, keywords, types, calls, keys. */
export function language(spec: Spec): Language {
  const kw = words(spec.kw, spec.ci);
  const types = words(spec.types);
  const ident = spec.ident ?? IDENT;
  const blocks = (spec.block ?? []).map(([open, close]) => ({ open, state: { close, tok: 'com', esc: false } as State }));
  const strs = (spec.str ?? []).map(([open, close, multi, esc]) => ({ open, multi, state: { close, tok: 'str', esc } as State }));
  const lines = spec.line ?? [];
  // First characters of everything that opens a comment or a string, to test cheaply.
  const starts = new Set<number>([...blocks.map((b) => b.open), ...strs.map((s) => s.open), ...lines].map((o) => o.charCodeAt(0)));

  return (text, state) => {
    const spans: Span[] = [];
    const n = text.length;
    let i = 0;
    if (state) {
      const e = closeAt(text, 0, state.close, state.esc);
      if (n) spans.push({ from: 0, to: e < 0 ? n : e, tok: state.tok });
      if (e < 0) return { spans, state };
      i = e;
    }
    if (spec.preproc) {
      const m = /^\s*#\s*[a-z]+/.exec(text);
      if (m && !state) {
        spans.push({ from: m[0].indexOf('#'), to: m[0].length, tok: 'kw' });
        i = m[0].length;
      }
    }
    /** Colours a string or word as a key when ':' follows. */
    const keyed = (to: number, tok: Tok): Tok => {
      if (!spec.keyColon) return tok;
      const j = match(SPACE, text, to);
      if (text.charCodeAt(j) !== 58) return tok;
      if (spec.keyColon === 'space' && j + 1 < n && text.charCodeAt(j + 1) !== 32) return tok;
      return 'prop';
    };
    outer: while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9) {
        i++;
        continue;
      }
      if (spec.charLit && c === 39) {
        const e = match(CHAR, text, i);
        const l = e < 0 ? match(LIFETIME, text, i) : -1;
        if (e > 0 || l > 0) {
          spans.push({ from: i, to: e > 0 ? e : l, tok: e > 0 ? 'str' : 'type' });
          i = e > 0 ? e : l;
          continue;
        }
      }
      if (starts.has(c)) {
        for (const b of blocks) {
          if (!text.startsWith(b.open, i)) continue;
          const e = closeAt(text, i + b.open.length, b.state.close, false);
          spans.push({ from: i, to: e < 0 ? n : e, tok: 'com' });
          if (e < 0) return { spans, state: b.state };
          i = e;
          continue outer;
        }
        for (const o of lines) {
          if (!text.startsWith(o, i)) continue;
          if (spec.hashNeedsSpace && o === '#' && i > 0 && text.charCodeAt(i - 1) !== 32 && text.charCodeAt(i - 1) !== 9) continue;
          spans.push({ from: i, to: n, tok: 'com' });
          return { spans, state: null };
        }
        for (const s of strs) {
          if (!text.startsWith(s.open, i)) continue;
          const e = closeAt(text, i + s.open.length, s.state.close, s.state.esc);
          const to = e < 0 ? n : e;
          spans.push({ from: i, to, tok: keyed(to, 'str') });
          if (e < 0) return { spans, state: s.multi ? s.state : null };
          i = e;
          continue outer;
        }
      }
      if ((c >= 48 && c <= 57) || (c === 46 && i + 1 < n && text.charCodeAt(i + 1) >= 48 && text.charCodeAt(i + 1) <= 57)) {
        const e = match(NUMBER, text, i);
        spans.push({ from: i, to: e, tok: 'num' });
        i = e;
        continue;
      }
      if (spec.css && c === 35) {
        const e = match(HEX, text, i);
        const w = e < 0 ? match(ident, text, i + 1) : -1;
        if (e > 0 || w > 0) {
          spans.push({ from: i, to: e > 0 ? e : w, tok: e > 0 ? 'num' : 'type' });
          i = e > 0 ? e : w;
          continue;
        }
      }
      if (spec.css && c === 46) {
        const w = match(ident, text, i + 1);
        if (w > 0) {
          spans.push({ from: i, to: w, tok: 'type' });
          i = w;
          continue;
        }
      }
      if ((spec.at && c === 64) || (spec.vars && c === 36)) {
        const brace = spec.vars && c === 36 && text.charCodeAt(i + 1) === 123;
        const e = brace ? text.indexOf('}', i) + 1 : match(ident, text, i + 1);
        if (e > i + 1) {
          spans.push({ from: i, to: e, tok: c === 64 ? spec.at! : 'prop' });
          i = e;
          continue;
        }
      }
      const e = match(ident, text, i);
      if (e > i) {
        const w = text.slice(i, e);
        const prefixed = spec.strPrefix && spec.strPrefix.test(w) && (text.charCodeAt(e) === 34 || text.charCodeAt(e) === 39);
        if (prefixed) {
          i = e; // the string that follows is coloured with its prefix
          const s = strs.find((x) => text.startsWith(x.open, e));
          if (s) {
            const end = closeAt(text, e + s.open.length, s.state.close, s.state.esc);
            spans.push({ from: e - w.length, to: end < 0 ? n : end, tok: 'str' });
            if (end < 0) return { spans, state: s.multi ? s.state : null };
            i = end;
          }
          continue;
        }
        let tok: Tok | undefined = kw.has(spec.ci ? w.toLowerCase() : w) ? 'kw' : types.has(w) ? 'type' : undefined;
        if (!tok && spec.capTypes && isCapitalised(w)) tok = 'type';
        if (!tok) {
          const j = match(SPACE, text, e);
          const next = text.charCodeAt(j);
          if (next === 40) tok = 'fn';
          else if (spec.macros && next === 33 && text.charCodeAt(j + 1) !== 61) tok = 'fn';
          else if (keyed(e, 'kw') === 'prop') tok = 'prop';
        }
        if (tok) spans.push({ from: i, to: e, tok });
        i = e;
        continue;
      }
      i++;
    }
    return { spans, state: null };
  };
}

function isCapitalised(w: string): boolean {
  const c = w.charCodeAt(0);
  return c >= 65 && c <= 90 && w.length > 1 && /[a-z]/.test(w);
}

// ---------------------------------------------------------------------------------------------
// Markup (HTML, XML, SVG, Vue): tags, attributes, values, comments, entities.

const TAG_OPEN = /<\/?([A-Za-z][\w:.-]*)/y;
const ATTR = /[^\s"'>/=]+/y;
const ENTITY = /&(?:#\d+|#x[\da-fA-F]+|\w+);/y;
const IN_TAG: State = { close: '>', tok: 'prop', esc: false };
const IN_COMMENT: State = { close: '-->', tok: 'com', esc: false };

export const markup: Language = (text, state) => {
  const spans: Span[] = [];
  const n = text.length;
  let i = 0;
  let inTag = state === IN_TAG;
  if (state === IN_COMMENT) {
    const e = closeAt(text, 0, '-->', false);
    if (n) spans.push({ from: 0, to: e < 0 ? n : e, tok: 'com' });
    if (e < 0) return { spans, state };
    i = e;
  }
  while (i < n) {
    const c = text.charCodeAt(i);
    if (inTag) {
      if (c === 62) inTag = false;
      else if (c === 34 || c === 39) {
        const e = text.indexOf(text[i]!, i + 1);
        spans.push({ from: i, to: e < 0 ? n : e + 1, tok: 'str' });
        i = e < 0 ? n : e + 1;
        continue;
      } else if (c !== 32 && c !== 9 && c !== 47 && c !== 61) {
        const e = match(ATTR, text, i);
        if (e > i) {
          spans.push({ from: i, to: e, tok: 'prop' });
          i = e;
          continue;
        }
      }
      i++;
      continue;
    }
    if (c === 60) {
      if (text.startsWith('<!--', i)) {
        const e = closeAt(text, i + 4, '-->', false);
        spans.push({ from: i, to: e < 0 ? n : e, tok: 'com' });
        if (e < 0) return { spans, state: IN_COMMENT };
        i = e;
        continue;
      }
      const e = match(TAG_OPEN, text, i);
      if (e > 0) {
        spans.push({ from: i + (text.charCodeAt(i + 1) === 47 ? 2 : 1), to: e, tok: 'kw' });
        inTag = true;
        i = e;
        continue;
      }
    } else if (c === 38) {
      const e = match(ENTITY, text, i);
      if (e > 0) {
        spans.push({ from: i, to: e, tok: 'num' });
        i = e;
        continue;
      }
    }
    i++;
  }
  return { spans, state: inTag ? IN_TAG : null };
};

// ---------------------------------------------------------------------------------------------
// Markdown: headings, quotes, list markers, inline code, link targets, fenced code.

const FENCE: State = { close: '```', tok: 'str', esc: false };
const FENCE_LINE = /^\s{0,3}(```|~~~)/;
const INLINE = /`[^`]+`|\]\([^)\s]+\)/g;

export const markdown: Language = (text, state) => {
  const n = text.length;
  if (FENCE_LINE.test(text)) return { spans: [{ from: 0, to: n, tok: 'com' }], state: state === FENCE ? null : FENCE };
  if (state === FENCE) return { spans: n ? [{ from: 0, to: n, tok: 'str' }] : [], state };
  if (/^\s{0,3}#{1,6}(\s|$)/.test(text)) return { spans: [{ from: 0, to: n, tok: 'kw' }], state: null };
  if (/^\s{0,3}>/.test(text)) return { spans: [{ from: 0, to: n, tok: 'com' }], state: null };
  const spans: Span[] = [];
  const list = /^\s*([-*+]|\d+[.)])\s/.exec(text);
  if (list) spans.push({ from: list[0].length - list[1]!.length - 1, to: list[0].length - 1, tok: 'num' });
  INLINE.lastIndex = 0;
  for (let m = INLINE.exec(text); m; m = INLINE.exec(text)) {
    if (m[0][0] === '`') spans.push({ from: m.index, to: m.index + m[0].length, tok: 'str' });
    else spans.push({ from: m.index + 2, to: m.index + m[0].length - 1, tok: 'prop' });
  }
  return { spans, state: null };
};

// ---------------------------------------------------------------------------------------------
// Both sides of a diff

/**
 * Colours the lines of one hunk in order: removed lines continue the base's state, added lines the
 * proposal's, unchanged lines both (the hunk starts outside any comment or string).
 */
export class DiffHighlighter {
  private old: State | null = null;
  private neu: State | null = null;

  constructor(private readonly lang: Language) {}

  next(op: ' ' | '-' | '+', text: string): Span[] {
    if (op === '-') {
      const r = this.lang(text, this.old);
      this.old = r.state;
      return r.spans;
    }
    const r = this.lang(text, this.neu);
    if (op === ' ') this.old = this.old === this.neu ? r.state : this.lang(text, this.old).state;
    this.neu = r.state;
    return r.spans;
  }
}
