/**
 * Code-editor keys for a plain textarea: Tab / Shift+Tab indent and outdent with the file's own
 * indentation, Enter keeps the current line's indentation. Every change goes through the
 * browser's "insertText" editing command, so the textarea's native undo and redo (Ctrl+Z,
 * Ctrl+Shift+Z / Ctrl+Y) undo each one as a single step.
 */

/** Replaces [from, to) of the textarea's value with `text`, as one undoable edit, then selects [selFrom, selTo). */
export function replaceRange(ta: HTMLTextAreaElement, from: number, to: number, text: string, selFrom: number, selTo = selFrom): void {
  ta.setSelectionRange(from, to);
  // insertText keeps the undo stack (setRangeText and value= do not); an empty text deletes.
  const done = text === '' ? (from === to || document.execCommand('delete')) : document.execCommand('insertText', false, text);
  if (!done) {
    // A browser without the command: still edit (without undo) rather than drop the keystroke.
    ta.setRangeText(text, from, to, 'end');
    ta.dispatchEvent(new Event('input', { bubbles: true }));
  }
  ta.setSelectionRange(selFrom, selTo);
}

/** [start of the first line, end of the last line] touched by the selection (a selection ending at a line's start leaves that line out). */
function lineSpan(value: string, from: number, to: number): [number, number] {
  const start = value.lastIndexOf('\n', from - 1) + 1;
  const last = to > from && value[to - 1] === '\n' ? to - 1 : to;
  const nl = value.indexOf('\n', last);
  return [start, nl < 0 ? value.length : nl];
}

/** Columns `text` takes, tabs counted to the next stop. */
function columns(text: string, tabSize: number): number {
  let col = 0;
  for (const c of text) col = c === '\t' ? col + tabSize - (col % tabSize) : col + 1;
  return col;
}

/** Tab width of `unit` ('\t' counts as 4, VS Code's default tab size). */
export function tabSizeOf(unit: string): number {
  return unit === '\t' ? 4 : unit.length;
}

/**
 * Tab: a caret (or a selection inside one line) gets one level at the caret (spaces up to the
 * next stop); a selection over several lines indents each non-blank line by one level.
 */
export function indent(ta: HTMLTextAreaElement, unit: string): void {
  const { value, selectionStart: from, selectionEnd: to } = ta;
  const multi = value.slice(from, to).includes('\n');
  if (!multi) {
    const lineStart = value.lastIndexOf('\n', from - 1) + 1;
    const pad = unit === '\t' ? '\t' : ' '.repeat(unit.length - (columns(value.slice(lineStart, from), unit.length) % unit.length));
    replaceRange(ta, from, to, pad, from + pad.length);
    return;
  }
  const [start, end] = lineSpan(value, from, to);
  const lines = value.slice(start, end).split('\n');
  const out = lines.map((l) => (l.trim() === '' ? l : unit + l));
  const added = out.join('\n').length - (end - start);
  replaceRange(ta, start, end, out.join('\n'), start, end + added);
}

/** Shift+Tab: every line the selection touches (or the caret's line) loses one level of indentation. */
export function outdent(ta: HTMLTextAreaElement, unit: string): void {
  const { value, selectionStart: from, selectionEnd: to } = ta;
  const [start, end] = lineSpan(value, from, to);
  const lines = value.slice(start, end).split('\n');
  const size = tabSizeOf(unit);
  const removed: number[] = [];
  const out = lines.map((l) => {
    let n = 0;
    if (l.startsWith('\t')) n = 1;
    else {
      while (n < size && l[n] === ' ') n++;
      // Spaces then a tab ("  \t"): the tab ends the level.
      if (n > 0 && n < size && l[n] === '\t') n++;
    }
    removed.push(n);
    return l.slice(n);
  });
  const total = removed.reduce((a, b) => a + b, 0);
  if (total === 0) return;
  if (!value.slice(from, to).includes('\n')) {
    // One line: the caret keeps its place in the text (it never moves into the line before).
    const cut = removed[0]!;
    const at = (p: number) => Math.max(start, p - Math.min(cut, p - start));
    replaceRange(ta, start, end, out[0]!, at(from), at(to));
    return;
  }
  replaceRange(ta, start, end, out.join('\n'), start, end - total);
}

/** Enter: a new line with the current line's indentation (only what lies before the caret). */
export function newline(ta: HTMLTextAreaElement): void {
  const { value, selectionStart: from, selectionEnd: to } = ta;
  const lineStart = value.lastIndexOf('\n', from - 1) + 1;
  const lead = /^[ \t]*/.exec(value.slice(lineStart, from))![0];
  const text = `\n${lead}`;
  replaceRange(ta, from, to, text, from + text.length);
}
