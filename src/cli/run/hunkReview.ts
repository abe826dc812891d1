/**
 * The console review of a change set, hunk by hunk as `git add -p` does it: each hunk is shown as a
 * unified diff and answered y (accept), n (reject; "n: reason" or "n reason" gives a reason),
 * e (edit the hunk's new lines in $VISUAL/$EDITOR), a / d (accept / reject this and the rest of the
 * file), q (reject this and everything left) or ? (help). Hunks left by q or by an end of input
 * have no decision: the model is told so, and nothing of them is written.
 */
import type { ChangeSet, FileChange, Hunk, HunkDecision } from '../../core/edits/changeSet/changeSet';
import type { ReviewOutcome } from '../../core/ports';
import { formatFileHeader, formatHunk, newStarts, type DiffStyle } from './consoleDiff';
import { editInEditor, parseEditedHunk } from './hunkEditor';

/** Reads one answer line from the user; null when there is nobody to ask. */
export type Prompt = (question: string) => Promise<string | null>;

export interface HunkReviewOptions {
  prompt: Prompt;
  out: (text: string) => void;
  style: DiffStyle;
  /** "Apply" for a proposal, "Keep" for changes already in the files (review at the end). */
  verb: 'Apply' | 'Keep';
  /** Opens a hunk in an editor; default: $VISUAL / $EDITOR. */
  edit?: (h: Hunk) => { text: string } | { error: string };
}

type Decided = ReviewOutcome['files'][number]['decisions'][number];

const HELP = (verb: string) => [
  `y - ${verb.toLowerCase()} this hunk`,
  'n - reject this hunk (n: reason, to tell the model why)',
  'e - edit this hunk\'s new lines in your editor',
  `a - ${verb.toLowerCase()} this hunk and the rest of the file`,
  'd - reject this hunk and the rest of the file (d: reason)',
  'q - quit; reject this hunk and every one left',
  '? - this help',
].join('\n') + '\n';

/** Splits "n: reason", "n reason", "no" into the key and an optional reason. */
export function parseAnswer(a: string): { key: string; reason?: string } {
  const m = /^\s*([a-z?]+)\s*:?\s*(.*)$/is.exec(a);
  if (!m) return { key: '' };
  const word = m[1].toLowerCase();
  const key = word === 'yes' ? 'y' : word === 'no' ? 'n' : word.length === 1 ? word : '';
  const reason = m[2].trim();
  return { key, ...(reason ? { reason } : {}) };
}

/** Asks about every hunk; `completed` is false only when nothing at all was decided. */
export async function reviewHunks(cs: ChangeSet, o: HunkReviewOptions): Promise<ReviewOutcome> {
  const outcome: ReviewOutcome = { changeSetId: cs.id, files: [], completed: true };
  /** When each hunk was decided (the usage and decisions logs' time to decide). */
  const stamp = (d: Decided): Decided => ({ ...d, decidedAt: Date.now() });
  let stop = false;
  let decidedAny = false;
  for (const f of cs.files) {
    const decisions: Decided[] = [];
    outcome.files.push({ path: f.path, decisions });
    o.out(`\n${formatFileHeader(f, o.style)}`);
    if (stop) continue;
    if (f.hunks.length === 0) {
      const a = await o.prompt(`${o.verb} ${f.action} ${f.path}${f.newPath ? ` -> ${f.newPath}` : ''} [y,n,q]? `);
      const p = a === null ? { key: 'q' } : parseAnswer(a);
      if (p.key === 'y' || p.key === 'n') decisions.push(stamp({ hunkIndex: 0, decision: { kind: p.key === 'y' ? 'accept' : 'reject' }, ...(p.reason ? { reason: p.reason } : {}) })), decidedAny = true;
      else stop = true;
      continue;
    }
    const starts = newStarts(f);
    let rest: Decided['decision'] | undefined;
    let restReason: string | undefined;
    for (const [i, h] of f.hunks.entries()) {
      if (rest) {
        decisions.push(stamp({ hunkIndex: h.index, decision: rest, ...(restReason ? { reason: restReason } : {}) }));
        continue;
      }
      o.out(formatHunk(h, starts.get(h.index)!, o.style));
      const d = await askHunk(f, h, `(${i + 1}/${f.hunks.length}) ${o.verb} this hunk [y,n,e,a,d,q,?]? `, o);
      if (d === 'quit') {
        stop = true;
        break;
      }
      decidedAny = true;
      decisions.push(stamp(d.decided));
      if (d.rest) {
        rest = d.decided.decision;
        restReason = d.decided.reason;
      }
    }
  }
  if (!decidedAny) outcome.completed = false;
  return outcome;
}

async function askHunk(f: FileChange, h: Hunk, question: string, o: HunkReviewOptions): Promise<{ decided: Decided; rest: boolean } | 'quit'> {
  for (;;) {
    const a = await o.prompt(question);
    if (a === null) return 'quit';
    const p = parseAnswer(a);
    const reason = p.reason ? { reason: p.reason } : {};
    switch (p.key) {
      case 'y': return { decided: { hunkIndex: h.index, decision: { kind: 'accept' } }, rest: false };
      case 'n': return { decided: { hunkIndex: h.index, decision: { kind: 'reject' }, ...reason }, rest: false };
      case 'a': return { decided: { hunkIndex: h.index, decision: { kind: 'accept' } }, rest: true };
      case 'd': return { decided: { hunkIndex: h.index, decision: { kind: 'reject' }, ...reason }, rest: true };
      case 'q': return 'quit';
      case 'e': {
        const d = edit(f, h, o);
        if (d) return { decided: { hunkIndex: h.index, decision: d }, rest: false };
        break;
      }
      default: o.out(HELP(o.verb));
    }
  }
}

/** The user's edit of a hunk as a decision, or undefined (with the reason printed) to ask again. */
function edit(f: FileChange, h: Hunk, o: HunkReviewOptions): HunkDecision | undefined {
  const r = (o.edit ?? editInEditor)(h);
  if ('error' in r) {
    o.out(`${r.error}\n`);
    return undefined;
  }
  const p = parseEditedHunk(h, r.text);
  if (!p.ok) {
    o.out(`${p.error}\n`);
    return undefined;
  }
  const same = p.newLines.length === h.newLines.length && p.newLines.every((l, i) => l === h.newLines[i]);
  o.out(same ? 'The hunk is unchanged; accepted as proposed.\n' : `Edited hunk of ${f.path} accepted with your lines.\n`);
  return same ? { kind: 'accept' } : { kind: 'edit', newLines: p.newLines };
}
