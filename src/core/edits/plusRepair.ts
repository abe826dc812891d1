/**
 * An added line that reached us as a context line (its '+' lost): was the '+' dropped, so that the
 * parser took the line's first indentation space for the prefix (the real line is ' ' + text), or
 * replaced by a space (the real line is the text as read)? The target file decides: the indentation
 * widths its own lines use (a 4-space file has lines at 4 and 8 spaces, none at 5 or 9), then the
 * nearest line around it. Never a guess that adds a space the file does not use.
 */

const profiles = new WeakMap<readonly string[], Map<number, number>>();

/** How many lines of the file start with exactly n spaces (then a non-space), by n; doc-comment `*` lines left out. */
function spaceIndents(file: readonly string[]): Map<number, number> {
  let m = profiles.get(file);
  if (m) return m;
  m = new Map();
  for (const l of file) {
    const w = l.length - l.trimStart().length;
    if (l.trim() === '' || l.slice(0, w).includes('\t') || /^\*/.test(l.trimStart())) continue;
    m.set(w, (m.get(w) ?? 0) + 1);
  }
  profiles.set(file, m);
  return m;
}

const indentOf = (l: string): number => l.length - l.trimStart().length;

/**
 * The real text of a line read as context (`text`, its prefix space already taken off) that is an
 * added line: `text` or ' ' + text. `near` is the nearest non-blank line around it (in the hunk or
 * the file), used when the file's indentation widths do not decide.
 */
export function restoreDroppedPlus(text: string, file: readonly string[], near: string | undefined): string {
  if (text.trim() === '' || /^[ ]*\t/.test(text)) return text;
  const w = indentOf(text);
  const widths = spaceIndents(file);
  const asRead = widths.get(w) ?? 0;
  const restored = widths.get(w + 1) ?? 0;
  if (asRead > 0 && restored === 0) return text;
  if (restored > 0 && asRead === 0) return ` ${text}`;
  if (near === undefined) return text;
  const ref = indentOf(near);
  return Math.abs(w + 1 - ref) < Math.abs(w - ref) ? ` ${text}` : text;
}
