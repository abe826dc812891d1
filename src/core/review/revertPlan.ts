/**
 * Revert and Reapply of an applied change set, per set, file or hunk, with a three-way merge of
 * the text before Forge, as Forge wrote it, and now: Forge's hunks that the engineer did not touch
 * move; the ones they did are conflicts, offered as a proposal for the review panel. The hunks of
 * a file are those of before -> as written, numbered once, so a reverted hunk can be reapplied.
 * Pure: the host reads the current bytes and writes the results.
 */
import { fromB64, type Checkpoint, type CheckpointFile } from './checkpoints';
import { changeHunks, conflictProposal, describeLines, invertHunk, transplant, type ChangeHunk } from './threeWay';

export type RevertDirection = 'revert' | 'reapply';

/** Which part of a set: all of it, one file, or one hunk of one file. */
export interface RevertScope {
  path?: string;
  hunk?: number;
}

export interface FileRevert {
  path: string;
  /** The current text (null: absent). */
  now: string | null;
  /** What to write (equal to `now` when nothing moves). */
  next: string | null;
  /** Forge's hunks that move (numbered as in forgeHunks). */
  applied: ChangeHunk[];
  /** Forge's hunks the engineer changed since: left alone. */
  conflicts: ChangeHunk[];
  /** Revert only: `next` with the conflicting regions put back too, for the review panel. */
  proposal: string | null;
  /** Set when the file cannot be merged as text (not UTF-8): it moves only when untouched. */
  problem?: string;
}

const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
const encoder = new TextEncoder();

/** Bytes as text, or undefined when they are not UTF-8 (decoding would change them). */
export function exactText(b: Uint8Array | null): string | null | undefined {
  if (b === null) return null;
  const t = decoder.decode(b);
  const back = encoder.encode(t);
  return back.length === b.length && back.every((x, i) => x === b[i]) ? t : undefined;
}

/** Forge's hunks in a file (before -> as written); one whole-file hunk (-1) for an added or deleted file. */
export function forgeHunks(f: CheckpointFile): ChangeHunk[] {
  const before = exactText(fromB64(f.before));
  const after = exactText(fromB64(f.after));
  if (before === null || after === null || before === undefined || after === undefined) return [{ index: -1, fromStart: 0, fromEnd: 0, toStart: 0, fromLines: [], toLines: [] }];
  return changeHunks(before, after);
}

/** Hunks of a file that are reverted now. */
function revertedOf(f: CheckpointFile): Set<number> {
  return new Set(f.reverted ?? []);
}

export function planReverts(cp: Checkpoint, current: ReadonlyMap<string, Uint8Array | null>, dir: RevertDirection, scope: RevertScope = {}): FileRevert[] {
  const out: FileRevert[] = [];
  for (const f of cp.files) {
    if (scope.path !== undefined && f.path !== scope.path) continue;
    const hunks = forgeHunks(f);
    const reverted = revertedOf(f);
    const only = new Set(hunks.map((h) => h.index).filter((i) => (dir === 'revert' ? !reverted.has(i) : reverted.has(i)) && (scope.hunk === undefined || scope.hunk === i)));
    if (only.size === 0) continue;
    const nowBytes = current.get(f.path) ?? null;
    const now = exactText(nowBytes);
    const before = exactText(fromB64(f.before));
    const after = exactText(fromB64(f.after));
    if (now === undefined || before === undefined || after === undefined) {
      out.push({ path: f.path, now: null, next: null, applied: [], conflicts: hunks, proposal: null, problem: `${f.path} is not UTF-8 text; Forge cannot merge it` });
      continue;
    }
    const [from, to, list] = dir === 'revert' ? [after, before, hunks.map(invertHunk)] : [before, after, hunks];
    const r = transplant(from, to, now, only, list.every((h) => h.index >= 0) ? list : undefined);
    const proposal = dir === 'revert' && r.conflicts.length > 0 && from !== null && to !== null && r.text !== null ? conflictProposal(from, to, r.text, r.conflicts, list) : null;
    out.push({ path: f.path, now, next: r.text, applied: r.applied, conflicts: r.conflicts, proposal });
  }
  return out;
}

/** The checkpoint after `results` were written: their applied hunks are reverted (or reapplied). */
export function markReverted(cp: Checkpoint, results: readonly FileRevert[], dir: RevertDirection, now: number): Checkpoint {
  const files = cp.files.map((f) => {
    const r = results.find((x) => x.path === f.path);
    if (!r || r.applied.length === 0) return f;
    const set = revertedOf(f);
    for (const h of r.applied) (dir === 'revert' ? set.add(h.index) : set.delete(h.index));
    const reverted = [...set].sort((a, b) => a - b);
    return { ...f, ...(reverted.length ? { reverted } : { reverted: undefined }) };
  });
  return { ...cp, files: files.map(({ reverted, ...rest }) => (reverted ? { ...rest, reverted } : rest)), revertedAt: now };
}

/** applied (nothing reverted), partly reverted, or reverted (every hunk of every file). */
export function revertState(cp: Checkpoint): 'applied' | 'partly reverted' | 'reverted' {
  let total = 0;
  let reverted = 0;
  for (const f of cp.files) {
    total += forgeHunks(f).length;
    reverted += f.reverted?.length ?? 0;
  }
  return reverted === 0 ? 'applied' : reverted >= total ? 'reverted' : 'partly reverted';
}

/** One hunk as the model and the engineer read it: where it was, and its first lines as Forge wrote them. */
export function describeHunk(h: ChangeHunk, dir: RevertDirection): string {
  if (h.index < 0) return 'the whole file';
  const written = dir === 'revert' ? h.fromLines : h.toLines;
  const where = describeLines(dir === 'revert' ? h : invertHunk(h));
  const quote = written.slice(0, 3).map((l) => l.replace(/\r?\n$/, '')).join(' ⏎ ');
  return `hunk ${h.index + 1} (${where}${quote ? ` of Forge's text: "${quote.length > 120 ? `${quote.slice(0, 119)}…` : quote}"` : ', an insertion'})`;
}

/** What the model is told after a revert or reapply: the files and hunks that moved, and what was left. */
export function revertNote(title: string, results: readonly FileRevert[], dir: RevertDirection): string {
  const lines: string[] = [];
  for (const r of results) {
    if (r.applied.length) lines.push(`- ${r.path}: ${r.applied.map((h) => describeHunk(h, dir)).join('; ')} ${dir === 'revert' ? (r.applied.some((h) => h.index < 0) ? 'undone (the file is back as it was before your change)' : 'removed; the previous text is back') : 'written again'}`);
    if (r.conflicts.length) lines.push(`- ${r.path}: ${r.conflicts.map((h) => describeHunk(h, dir)).join('; ')} left as the user has it (they edited those lines since)`);
  }
  const verb = dir === 'revert' ? 'reverted' : 'reapplied';
  return `Note from Forge: the user ${verb} your change set "${title}" ${dir === 'revert' ? '(the user\'s own edits in these files were kept)' : ''}:\n${lines.join('\n')}\nThe files no longer hold what you last saw; read them again before editing them.`;
}
