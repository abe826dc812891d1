/**
 * An added line that reached us as a context line (its '+' lost): was the '+' dropped, so that the
 * parser took the line's first indentation space for the prefix (the real line is ' ' + text), or
 * replaced by a space (the real line is the text as read)? The target file decides: the indentation
 * widths its own lines use (a 4-space file has lines at 4 and 8 spaces, none at 5 or 9), then the
 * nearest line around it. Never a guess that adds a space the file does not use.
 */

const profiles = new WeakMap<readonly string[], { code: Map<number, number>; star: Map<number, number> }>();

/**
 * How many lines of the file start with exactly n spaces (then a non-space), by n; doc-comment
 * continuation lines (` * text`, one space deeper than the code) counted apart from code lines.
 */
function spaceIndents(file: readonly string[], star: boolean): Map<number, number> {
  let p = profiles.get(file);
  if (!p) {
    p = { code: new Map(), star: new Map() };
    for (const l of file) {
      const w = l.length - l.trimStart().length;
      if (l.trim() === '' || l.slice(0, w).includes('\t')) continue;
      const m = /^\*/.test(l.trimStart()) ? p.star : p.code;
      m.set(w, (m.get(w) ?? 0) + 1);
    }
    profiles.set(file, p);
  }
  return star ? p.star : p.code;
}

const indentOf = (l: string): number => l.length - l.trimStart().length;

/**
 * The real text of a line read as context (`text`, its prefix space already taken off) that is an
 * added line: `text` or ' ' + text. `near` is the nearest non-blank line around it (in the hunk or
 * the file), used when the file's indentation widths do not decide. Undefined when nothing decides.
 */
export function restoreDroppedPlus(text: string, file: readonly string[], near: string | undefined, addedNext?: string): string | undefined {
  if (text.trim() === '' || /^[ ]*\t/.test(text)) return text;
  const w = indentOf(text);
  // An added line right next to it, of the same kind (code or doc comment), written with its '+':
  // the author's own indentation for this spot.
  if (addedNext !== undefined && /^\*/.test(addedNext.trimStart()) === /^\*/.test(text.trimStart())) {
    if (indentOf(addedNext) === w + 1) return ` ${text}`;
    if (indentOf(addedNext) === w) return text;
  }
  const widths = spaceIndents(file, /^\*/.test(text.trimStart()));
  const asRead = widths.get(w) ?? 0;
  const restored = widths.get(w + 1) ?? 0;
  if (asRead > 0 && restored === 0) return text;
  if (restored > 0 && asRead === 0) return ` ${text}`;
  let ref = near === undefined ? undefined : indentOf(near);
  // A doc-comment line sits one space deeper than the `/**` that opens it.
  if (near !== undefined && /^\*/.test(text.trimStart()) && /^\/\*\*/.test(near.trimStart())) ref = indentOf(near) + 1;
  // Both widths are the file's: the one its lines use far more often, else no guess.
  if (asRead >= 10 * restored && asRead > 0) return text;
  if (restored >= 10 * asRead && restored > 0) return ` ${text}`;
  if (asRead === 0 && restored === 0 && ref !== undefined) return Math.abs(w + 1 - ref) < Math.abs(w - ref) ? ` ${text}` : text;
  return undefined;
}
