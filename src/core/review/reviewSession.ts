/**
 * The state of one change set under review: every hunk's decision, what is already on disk, and
 * the file transitions a decision batch needs.
 *
 * What disk holds for a file is always a pure function of its base text and the set of decisions
 * already applied (pending counts as rejected). A batch of decisions therefore turns into, per
 * location, "expect text X there now, write Y": the host checks X (staleness) and writes Y in one
 * WorkspaceEdit. Nothing else is tracked, so nothing can drift.
 */
import type { ChangeSet, FileChange, Hunk, HunkDecision, HunkRefusal } from '../edits/changeSet/changeSet';
import { relocateChangeSet } from '../edits/changeSet/relocateChangeSet';
import { renderFile } from '../edits/changeSet/textDoc';
import type { ReviewOutcome } from '../ports';

export type DecisionState = 'pending' | 'accepted' | 'rejected';

export interface HunkState {
  decision: HunkDecision | undefined;
  reason?: string;
  /** The decision as it is on disk (undefined = not applied). */
  applied: HunkDecision | undefined;
  /** When the user last decided this hunk (epoch ms), for the usage log's time to decide. */
  decidedAt?: number;
}

/** One place on disk a batch touches. `expected` is what must be there now (null = absent). */
export interface Transition {
  path: string;
  expected: string | null;
  next: string | null;
}

/** Everything needed to restore a session after a restart (JSON-safe). */
export interface SessionSnapshot {
  changeSet: ChangeSet;
  bases: [string, string | null][];
  /** index -1 is the file-level decision of a file without hunks. */
  states: { path: string; index: number; decision?: HunkDecision; applied?: HunkDecision; reason?: string; decidedAt?: number }[];
  conflicts: [string, string][];
  /** See ReviewSession.appliedFromStart. */
  appliedFromStart?: boolean;
}

export type FileStatus = 'pending' | 'accepted' | 'rejected' | 'partly' | 'conflict';

export class ReviewSession {
  private readonly hunks = new Map<string, Map<number, HunkState>>();
  /** Decision for files without hunks (a pure rename, an empty file added or deleted). */
  private readonly wholeFile = new Map<string, HunkState>();
  private readonly conflicts = new Map<string, string>();

  private readonly files: FileChange[];
  private readonly baseTexts: Map<string, string | null>;
  /** True when the hunks were on disk before the review began (review mode `end`). */
  readonly appliedFromStart: boolean;

  /**
   * `applied`: every hunk is already on disk (review mode `end`: the agent wrote them to the
   * working copy). Undecided hunks then stay on disk; rejecting one writes its base lines back.
   */
  constructor(
    private readonly original: ChangeSet,
    bases: ReadonlyMap<string, string | null>,
    opts: { applied?: boolean } = {},
  ) {
    this.files = [...original.files];
    this.baseTexts = new Map(bases);
    this.appliedFromStart = opts.applied ?? false;
    const applied: HunkDecision | undefined = opts.applied ? { kind: 'accept' } : undefined;
    for (const f of original.files) {
      const m = new Map<number, HunkState>();
      for (const h of f.hunks) m.set(h.index, { decision: undefined, applied });
      this.hunks.set(f.path, m);
      if (f.hunks.length === 0) this.wholeFile.set(f.path, { decision: undefined, applied });
    }
  }

  /** The change set as it stands (files re-located by rebase() carry their new base). */
  get changeSet(): ChangeSet {
    return { ...this.original, files: this.files };
  }

  /** The base text each file's hunks are located in. */
  get bases(): ReadonlyMap<string, string | null> {
    return this.baseTexts;
  }

  /**
   * Someone changed `path` since the review began: re-locates the hunks not yet on disk in its
   * current text. On success the file's base becomes `current`, the hunks already on disk are
   * dropped from it (they are part of `current` now), and pending decisions are kept.
   * On failure nothing changes and the refusals say why.
   */
  rebase(path: string, current: string | null): HunkRefusal[] {
    const i = this.files.findIndex((f) => f.path === path);
    if (i < 0) return [{ path, hunkIndex: -1, reason: `${path} is not part of this change set.` }];
    const file = this.files[i];
    const states = this.hunks.get(path)!;
    // Hunks written before any decision (review mode `end`) cannot be taken back out of a text
    // someone else changed since: the file is a conflict until they decide it by hand.
    if (file.hunks.some((h) => states.get(h.index)?.applied && !states.get(h.index)?.decision)) {
      return [{ path, hunkIndex: -1, reason: `${path} changed after the agent wrote it; Forge will not undo its hunks in a text it has not seen.` }];
    }
    const open = file.hunks.filter((h) => !states.get(h.index)?.applied);
    const bases = new Map(this.baseTexts);
    bases.set(path, current);
    const r = relocateChangeSet({ id: this.original.id, files: [{ ...file, hunks: open }] }, bases);
    if (!r.ok) return r.refusals;
    for (const h of file.hunks) if (states.get(h.index)?.applied) states.delete(h.index);
    this.files[i] = r.changeSet.files[0];
    this.baseTexts.set(path, current);
    this.conflicts.delete(path);
    return [];
  }

  snapshot(): SessionSnapshot {
    const states: SessionSnapshot['states'] = [];
    for (const [path, m] of this.hunks) for (const [index, st] of m) states.push({ path, index, ...clean(st) });
    for (const [path, st] of this.wholeFile) states.push({ path, index: -1, ...clean(st) });
    return { changeSet: this.changeSet, bases: [...this.baseTexts], states, conflicts: [...this.conflicts], ...(this.appliedFromStart ? { appliedFromStart: true } : {}) };
  }

  static restore(snap: SessionSnapshot): ReviewSession {
    const s = new ReviewSession(snap.changeSet, new Map(snap.bases), { applied: snap.appliedFromStart });
    for (const st of snap.states) {
      const target = st.index === -1 ? s.wholeFile.get(st.path) : s.hunks.get(st.path)?.get(st.index);
      if (target) Object.assign(target, { decision: st.decision, applied: st.applied, reason: st.reason, decidedAt: st.decidedAt });
    }
    for (const [path, reason] of snap.conflicts) s.conflicts.set(path, reason);
    return s;
  }

  file(path: string): FileChange | undefined {
    return this.files.find((f) => f.path === path);
  }

  hunkState(path: string, index: number): HunkState | undefined {
    return this.hunks.get(path)?.get(index);
  }

  /**
   * Records a decision for one hunk, or for every hunk of the file still undecided when index is
   * undefined (a file-level or set-level decision never overrides one the user already made: an
   * edited hunk already written stays as the user wrote it).
   */
  decide(path: string, index: number | undefined, decision: HunkDecision, reason?: string): void {
    const file = this.file(path);
    if (!file) throw new Error(`no file ${path} in this change set`);
    const states = index === undefined ? this.statesOf(file).filter((s) => !s.decision) : [this.hunkState(path, index)];
    for (const s of states) {
      if (!s) throw new Error(`no hunk ${index} in ${path}`);
      s.decision = decision;
      s.reason = decision.kind === 'reject' ? reason : undefined;
      s.decidedAt = Date.now();
    }
  }

  decideAll(decision: HunkDecision, reason?: string): void {
    for (const f of this.files) if (!this.conflicts.has(f.path)) this.decide(f.path, undefined, decision, reason);
  }

  /** How many hunks (or whole files without hunks) are still undecided. */
  get pendingCount(): number {
    return this.files.reduce((n, f) => n + this.statesOf(f).filter((s) => !s.decision).length, 0);
  }

  /** The files that still have undecided hunks (conflicts excluded: those need a look first). */
  pendingPaths(): string[] {
    return this.files.filter((f) => !this.conflicts.has(f.path) && this.hasPending(f.path)).map((f) => f.path);
  }

  setConflict(path: string, reason: string | undefined): void {
    if (reason === undefined) this.conflicts.delete(path);
    else this.conflicts.set(path, reason);
  }

  conflict(path: string): string | undefined {
    return this.conflicts.get(path);
  }

  /** What disk must change for `path` to reflect the decisions not yet applied; [] when nothing. */
  transitions(path: string): Transition[] {
    const file = this.file(path);
    if (!file) return [];
    const before = this.location(file, (s) => s.applied);
    const after = this.location(file, (s) => s.decision ?? s.applied);
    const out: Transition[] = [];
    if (before.path !== after.path) {
      out.push({ path: before.path, expected: before.text, next: null });
      out.push({ path: after.path, expected: this.bases.get(after.path) ?? null, next: after.text });
    } else if (before.text !== after.text) {
      out.push({ path: after.path, expected: before.text, next: after.text });
    }
    return out;
  }

  /** Where the file is and what it holds on disk now, by the decisions already written. */
  onDisk(path: string): { path: string; text: string | null } | undefined {
    const file = this.file(path);
    return file ? this.location(file, (s) => s.applied) : undefined;
  }

  /** True when some hunk of the file is still undecided. */
  hasPending(path: string): boolean {
    const file = this.file(path);
    return file !== undefined && this.statesOf(file).some((s) => s.decision === undefined);
  }

  /** Marks the decisions of `path` as on disk (after the host wrote its transitions). */
  markApplied(path: string): void {
    const file = this.file(path);
    if (file) for (const s of this.statesOf(file)) s.applied = s.decision ?? s.applied;
  }

  /**
   * Undecided hunks of a file and the 0-based line where they start in the text on disk now: their
   * old lines, or (`applied`, review mode `end`) their new lines, which are on disk already.
   */
  pendingPlacements(path: string): { hunk: Hunk; line: number; applied?: boolean }[] {
    const file = this.file(path);
    if (!file || file.action !== 'update') return [];
    const out: { hunk: Hunk; line: number; applied?: boolean }[] = [];
    let shift = 0;
    for (const h of [...file.hunks].sort((a, b) => a.baseStart - b.baseStart)) {
      const st = this.hunkState(path, h.index)!;
      const onDisk = st.applied !== undefined && st.applied.kind !== 'reject';
      if (!st.decision) out.push({ hunk: h, line: h.baseStart + shift, ...(onDisk ? { applied: true } : {}) });
      if (onDisk) shift += (st.applied!.kind === 'edit' ? (st.applied as { newLines: string[] }).newLines : h.newLines).length - h.oldLines.length;
    }
    return out;
  }

  /** Forgets the decisions of `path` that are not on disk (after a conflict refused them). */
  revert(path: string): void {
    const file = this.file(path);
    if (!file) return;
    for (const s of this.statesOf(file)) {
      if (s.decision !== s.applied) s.reason = undefined;
      s.decision = s.applied;
    }
  }

  status(path: string): FileStatus {
    if (this.conflicts.has(path)) return 'conflict';
    const file = this.file(path);
    if (!file) return 'pending';
    const kinds = this.statesOf(file).map((s) => s.decision?.kind);
    if (kinds.every((k) => k === undefined)) return 'pending';
    if (kinds.every((k) => k === 'reject')) return 'rejected';
    if (kinds.every((k) => k === 'accept' || k === 'edit')) return 'accepted';
    return 'partly';
  }

  /** True when every hunk of every file has a decision. */
  get complete(): boolean {
    return this.files.every((f) => this.statesOf(f).every((s) => s.decision !== undefined));
  }

  outcome(completed: boolean): ReviewOutcome {
    return {
      changeSetId: this.original.id,
      completed,
      files: this.files.map((f) => ({
        path: f.path,
        decisions: f.hunks.map((h) => {
          const s = this.hunkState(f.path, h.index)!;
          // Undecided: what disk holds (proposed hunks are not there; hunks applied from the start are).
          return { hunkIndex: h.index, decision: s.decision ?? s.applied ?? { kind: 'reject' }, reason: s.reason, ...(s.decision ? {} : { pending: true }), ...(s.decision && s.decidedAt ? { decidedAt: s.decidedAt } : {}) };
        }),
      })),
    };
  }

  private statesOf(file: FileChange): HunkState[] {
    if (file.hunks.length === 0) return [this.wholeFile.get(file.path)!];
    const m = this.hunks.get(file.path)!;
    return file.hunks.map((h) => m.get(h.index)!);
  }

  /** Where the file lives and what it holds under a choice of decisions (pending = rejected). */
  private location(file: FileChange, pick: (s: HunkState) => HunkDecision | undefined): { path: string; text: string | null } {
    const base = this.bases.get(file.path) ?? null;
    const decisions = new Map<number, HunkDecision>();
    const states = this.statesOf(file);
    let anyAccepted = false;
    file.hunks.forEach((h, i) => {
      const d = pick(states[i]) ?? { kind: 'reject' };
      decisions.set(h.index, d);
      if (d.kind !== 'reject') anyAccepted = true;
    });
    if (file.hunks.length === 0) anyAccepted = (pick(states[0]) ?? { kind: 'reject' }).kind !== 'reject';
    if (!anyAccepted) return { path: file.path, text: file.action === 'add' ? null : base };
    if (file.action === 'delete') return { path: file.path, text: null };
    const text = file.hunks.length === 0 ? (base ?? '') : renderFile(base, file, decisions);
    return { path: file.newPath ?? file.path, text: text ?? null };
  }
}

/** A hunk state without undefined fields, for JSON. */
function clean(st: HunkState): Partial<HunkState> {
  return {
    ...(st.decision ? { decision: st.decision } : {}),
    ...(st.applied ? { applied: st.applied } : {}),
    ...(st.reason !== undefined ? { reason: st.reason } : {}),
    ...(st.decidedAt !== undefined ? { decidedAt: st.decidedAt } : {}),
  };
}
