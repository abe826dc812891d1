/**
 * The coloured copy of the hunk editor's text (the <pre> under the transparent textarea), kept in
 * step line by line: a keystroke re-colours the lines it changed, and the lines after them only
 * until the tokenizer's state at a line start is what it was before (states are interned, so that
 * is an identity check). Each line is one block element; untouched lines keep their elements.
 */
import { codeSpans } from '../hunkView';
import type { Language, State } from '../syntax';

export class CodeLayer {
  private texts: string[] = [];
  /** The tokenizer state at the start of each line, and at the end (one more than the lines). */
  private starts: (State | null)[];
  private els: HTMLElement[] = [];

  /** `first`: the state the lines above the editable ones leave (a comment or string still open). */
  constructor(private readonly pre: HTMLElement, private readonly lang: Language | undefined, first: State | null) {
    this.starts = [first];
  }

  update(lines: string[]): void {
    const old = this.texts;
    const min = Math.min(old.length, lines.length);
    let from = 0;
    while (from < min && old[from] === lines[from]) from++;
    let tail = 0;
    while (tail < min - from && old[old.length - 1 - tail] === lines[lines.length - 1 - tail]) tail++;
    const changedEnd = lines.length - tail;
    const delta = old.length - lines.length;
    const fresh: HTMLElement[] = [];
    const freshStarts: (State | null)[] = [];
    let state = this.starts[from] ?? null;
    let j = from;
    for (; j < lines.length; j++) {
      // Past the edit, an unchanged line that starts in the same state colours as before: stop.
      if (j >= changedEnd && state === this.starts[j + delta]) break;
      const r = this.lang ? this.lang(lines[j]!, state) : { spans: [], state: null };
      freshStarts.push(state);
      fresh.push(codeSpans('code-line', lines[j]!, r.spans));
      state = r.state;
    }
    const oldStop = j + delta;
    const next = this.els[oldStop];
    for (const el of this.els.slice(from, oldStop)) el.remove();
    const frag = document.createDocumentFragment();
    frag.append(...fresh);
    this.pre.insertBefore(frag, next ?? null);
    this.els.splice(from, oldStop - from, ...fresh);
    this.starts = j === lines.length
      ? [...this.starts.slice(0, from), ...freshStarts, state]
      : [...this.starts.slice(0, from), ...freshStarts, ...this.starts.slice(oldStop)];
    this.texts = lines;
  }
}
