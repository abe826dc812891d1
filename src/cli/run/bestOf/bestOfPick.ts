/**
 * The pick of `forge run --best-of N`: the candidates side by side (files, +/- lines, check, cost,
 * tokens, time, how the run ended), then the engineer picks one (its change set reviewed hunk by
 * hunk as at the end of `forge run --worktree`, the accepted bytes written to the checkout), takes
 * hunks from several (asked hunk by hunk across candidates, alternatives for the same lines next to
 * each other; a hunk that overlaps one already taken is refused), or takes none; then an optional
 * reason. The pick becomes a preference record in the decisions log (the hunks decided, hunk
 * records as usual) and the worktrees go. With nobody to ask, nothing is decided and every
 * candidate's worktree stays for `forge worktrees review` or `discard`.
 */
import * as fs from 'node:fs';
import type { AgentEvent } from '../../../core/agent/events';
import { combineHunks, hunkOverlap, type CandidateHunkRef } from '../../../core/edits/changeSet/combineHunks';
import type { FileChange, Hunk } from '../../../core/edits/changeSet/changeSet';
import { SecretRedactor } from '../../../core/context/redaction';
import type { ReviewOutcome } from '../../../core/ports';
import { buildPreferenceRecord, type PreferenceTaken } from '../../../core/usage/preferenceRecord';
import { DecisionLog } from '../../../node/decisionLog';
import { NodeWorkspace } from '../../../node/nodeWorkspace';
import { discardCandidates, preferenceCandidate, type CandidateResult } from '../../../node/worktrees';
import { applyReviewed } from '../../apply/applyReviewed';
import { EXIT_OK, EXIT_REFUSED } from '../../io';
import type { Prompt } from '../consoleApproval';
import { formatChangeSetDiff, formatFileHeader, formatHunk, newStarts } from '../consoleDiff';
import { parseAnswer } from '../hunkReview';
import type { WorktreeArgs } from '../runTaskArgs';
import { finishWorktree } from '../worktreeRun';
import { formatCandidates } from './bestOfTable';

export interface PickOptions {
  groupId: string;
  task: string;
  results: CandidateResult[];
  w: WorktreeArgs;
  prompt?: Prompt;
  out: (t: string) => void;
  color: boolean;
  /** The engineer's checkout (the folder the task was given). */
  root: string;
  /** Where the preference record goes (undefined: not recorded). */
  decisionsLog?: string;
  /** Feeds a candidate's review events to its hunk-decision recorder; resolves once written. */
  record: (candidateId: string, e: AgentEvent | undefined) => Promise<void>;
  secretValues: string[];
  warn: (t: string) => void;
  now?: () => number;
}

const PICK_HELP = (ids: string[]) => `${ids.join(', ')} - pick that candidate: review its change set hunk by hunk into your checkout
h - take hunks from several candidates, asked hunk by hunk
d ID - show a candidate's whole diff
q - take none of them (the pick is still recorded; every candidate's worktree is removed unless --keep-worktree)
`;

export async function pickCandidate(o: PickOptions): Promise<number> {
  const now = o.now ?? Date.now;
  const shownAt = now();
  o.out(`\n${formatCandidates(o.results)}`);
  const keepAll = (why: string) => {
    o.out(`${why}\nThe candidates' worktrees stay: \`forge worktrees review ID\` writes one into your checkout, \`forge worktrees discard ID --force\` removes one (IDs: ${o.results.map((r) => r.wt.taskId).join(', ')}).\n`);
    return EXIT_REFUSED;
  };
  if (!o.prompt) return keepAll('\nNobody to pick (no terminal to ask), so nothing was written.');
  const ids = o.results.map((r) => r.spec.id);
  for (;;) {
    const a = await o.prompt(`Pick a candidate [${ids.join(',')},h,d ID,q,?]? `);
    if (a === null) return keepAll('\nNo pick, so nothing was written.');
    const p = parseAnswer(a);
    const word = a.trim().toLowerCase();
    const picked = o.results.find((r) => r.spec.id === word || r.spec.id === `c${word}`);
    if (picked) return pickOne(o, picked, shownAt, keepAll);
    if (p.key === 'h') return takeHunks(o, shownAt, keepAll);
    if (p.key === 'q') return decided(o, shownAt, { taken: [], outcomes: new Map() }, undefined);
    if (p.key === 'd') {
      const r = o.results.find((x) => x.spec.id === p.reason?.toLowerCase() || x.spec.id === `c${p.reason}`);
      if (!r) o.out(`Name the candidate: d ${ids[0]}\n`);
      else o.out(r.changes?.changeSet.files.length ? formatChangeSetDiff(r.changes.changeSet, { color: o.color }) : `${r.spec.id} changed no files.\n`);
      continue;
    }
    o.out(PICK_HELP(ids));
  }
}

/** The picked candidate's change set reviewed as `forge run --worktree` does at the end. */
async function pickOne(o: PickOptions, c: CandidateResult, shownAt: number, keepAll: (why: string) => number): Promise<number> {
  let outcome: ReviewOutcome | undefined;
  const events: AgentEvent[] = [];
  const code = await finishWorktree(c.wt, c.stats.message, {
    w: o.w, yes: false, prompt: o.prompt, out: o.out, color: o.color,
    record: (e) => {
      events.push(e);
      if (e.type === 'changeSetReviewed') outcome = e.outcome;
    },
  });
  if (!outcome && code !== EXIT_OK) return keepAll(`\n${c.spec.id} was not written, so no pick was recorded.`);
  const taken: PreferenceTaken[] = [];
  for (const f of outcome?.files ?? []) for (const d of f.decisions) if (d.decision.kind !== 'reject') taken.push({ candidateId: c.spec.id, path: f.path, hunkIndex: d.hunkIndex });
  return decided(o, shownAt, { taken, outcomes: new Map([[c.spec.id, events]]) }, c, code);
}

interface Item {
  r: CandidateResult;
  file: FileChange;
  hunk: Hunk | undefined;
  ref: CandidateHunkRef;
}

/** Hunk by hunk across candidates (by file, then line, so alternatives for the same lines come together). */
async function takeHunks(o: PickOptions, shownAt: number, keepAll: (why: string) => number): Promise<number> {
  const items: Item[] = [];
  for (const r of o.results) {
    for (const path of [...(r.changes?.notText ?? []), ...(r.changes?.unexpressible ?? [])]) o.out(`${r.spec.id}: ${path} cannot be reviewed as text and is not offered.\n`);
    for (const file of r.changes?.changeSet.files ?? []) {
      for (const hunk of file.hunks.length ? file.hunks : [undefined]) items.push({ r, file, hunk, ref: { candidateId: r.spec.id, path: file.path, hunkIndex: hunk?.index ?? 0 } });
    }
  }
  if (!items.length) {
    o.out('No candidate changed a file.\n');
    return decided(o, shownAt, { taken: [], outcomes: new Map() }, undefined);
  }
  items.sort((x, y) => (x.file.path < y.file.path ? -1 : x.file.path > y.file.path ? 1 : 0) || (x.hunk?.baseStart ?? 0) - (y.hunk?.baseStart ?? 0) || (x.r.spec.id < y.r.spec.id ? -1 : 1));
  const sets = o.results.flatMap((r) => (r.changes ? [{ candidateId: r.spec.id, changeSet: r.changes.changeSet }] : []));
  const taken: CandidateHunkRef[] = [];
  const decisions = new Map<string, ReviewOutcome['files']>();
  const decide = (i: Item, kind: 'accept' | 'reject') => {
    const files = decisions.get(i.r.spec.id) ?? [];
    decisions.set(i.r.spec.id, files);
    let f = files.find((x) => x.path === i.file.path);
    if (!f) files.push((f = { path: i.file.path, decisions: [] }));
    f.decisions.push({ hunkIndex: i.ref.hunkIndex, decision: { kind }, decidedAt: Date.now() });
  };
  let any = false;
  for (const [n, i] of items.entries()) {
    o.out(`\n[${i.r.spec.id} ${i.r.spec.endpoint}] ${formatFileHeader(i.file, { color: o.color })}`);
    if (i.hunk) o.out(formatHunk(i.hunk, newStarts(i.file).get(i.hunk.index)!, { color: o.color }));
    else o.out(`${i.file.action} ${i.file.path}${i.file.newPath ? ` -> ${i.file.newPath}` : ''}\n`);
    let answer: string | undefined;
    while (!answer) {
      const a = await o.prompt!(`(${n + 1}/${items.length}) Take ${i.r.spec.id}'s hunk [y,n,q,?]? `);
      const key = a === null ? 'q' : parseAnswer(a).key;
      if (key === 'y' || key === 'n' || key === 'q') answer = key;
      else o.out('y - take this hunk\nn - leave it\nq - take none of the hunks left\n');
    }
    if (answer === 'q') break;
    any = true;
    if (answer === 'n') {
      decide(i, 'reject');
      continue;
    }
    const clash = hunkOverlap(sets, taken, i.ref);
    if (clash) {
      o.out(`${clash}\n`);
      continue;
    }
    taken.push(i.ref);
    decide(i, 'accept');
  }
  if (!any) return keepAll('\nNo hunk was decided, so nothing was written.');
  const combined = combineHunks(`${o.groupId}-combined`, `Best of ${o.results.length}: hunks from ${[...new Set(taken.map((t) => t.candidateId))].join(', ') || 'none'}`, sets, taken);
  if (!combined.ok) return keepAll(`\n${combined.error} Nothing was written.`);
  const all: ReviewOutcome = { changeSetId: combined.changeSet.id, completed: true, files: combined.changeSet.files.map((f) => ({ path: f.path, decisions: (f.hunks.length ? f.hunks : [{ index: 0 }]).map((h) => ({ hunkIndex: h.index, decision: { kind: 'accept' as const } })) })) };
  const w = applyReviewed(fs.realpathSync(o.results[0]!.wt.repo), combined.changeSet, all);
  if (!w.ok) return keepAll(`\nThe hunks you took could not be written (${w.error}); nothing was written.`);
  if (w.written.length) o.out(`Wrote ${w.written.join(', ')}\n`);
  const outcomes = new Map<string, AgentEvent[]>();
  for (const [id, files] of decisions) {
    const r = o.results.find((x) => x.spec.id === id)!;
    const cs = r.changes!.changeSet;
    const outcome: ReviewOutcome = { changeSetId: cs.id, completed: true, files };
    const accepted = files.reduce((s, f) => s + f.decisions.filter((d) => d.decision.kind === 'accept').length, 0);
    const rejected = files.reduce((s, f) => s + f.decisions.filter((d) => d.decision.kind === 'reject').length, 0);
    outcomes.set(id, [
      { type: 'changeSetProposed', changeSet: cs, bases: Object.fromEntries(r.changes!.changes.map((c) => [c.path, c.before])) },
      { type: 'changeSetReviewed', changeSetId: cs.id, outcome, acceptedHunks: accepted, rejectedHunks: rejected, changedFiles: files.filter((f) => f.decisions.some((d) => d.decision.kind === 'accept')).map((f) => f.path) },
    ]);
  }
  return decided(o, shownAt, { taken, outcomes }, undefined);
}

/** After a pick: the reason, the records, and the worktrees that go. */
async function decided(o: PickOptions, shownAt: number, d: { taken: PreferenceTaken[]; outcomes: Map<string, AgentEvent[]> }, picked: CandidateResult | undefined, code = EXIT_OK): Promise<number> {
  const reason = (await o.prompt!('Why this choice (optional; Enter to skip)? '))?.trim() || null;
  if (o.decisionsLog) {
    for (const [id, events] of d.outcomes) {
      const r = o.results.find((x) => x.spec.id === id)!;
      await o.record(id, { type: 'started', taskId: r.wt.taskId, task: o.task, resumed: false });
      for (const e of events) await o.record(id, e);
      await o.record(id, undefined);
    }
    try {
      const redactor = await SecretRedactor.forWorkspace(new NodeWorkspace(o.root), o.secretValues);
      const rec = buildPreferenceRecord({
        groupId: o.groupId, task: o.task, proposedAt: shownAt, decidedAt: (o.now ?? Date.now)(), candidates: o.results.map(preferenceCandidate),
        picked: picked?.spec.id, taken: d.taken, reason, redact: (t) => redactor.redact(t),
      });
      await new DecisionLog(o.decisionsLog).append([rec]);
      o.out(`Recorded your pick in ${o.decisionsLog} (\`forge export\` includes it).\n`);
    } catch (e) {
      o.warn(`could not record the pick in ${o.decisionsLog}: ${(e as Error).message}`);
    }
  }
  const others = o.results.filter((r) => r !== picked);
  if (o.w.keepWorktree) {
    if (others.length) o.out(`The other candidates' worktrees stay (${others.map((r) => r.wt.taskId).join(', ')}).\n`);
    return code;
  }
  // The engineer saw every candidate side by side and picked: what the others did is declined.
  const gone = await discardCandidates(others.map((r) => r.wt), { force: true });
  if (gone.removed.length) o.out(`Removed the worktrees and branches of ${others.filter((r) => gone.removed.includes(r.wt.taskId)).map((r) => r.spec.id).join(', ')}.\n`);
  for (const k of gone.kept) o.warn(`could not remove the worktree of ${k.taskId}: ${k.why}`);
  return gone.kept.length ? EXIT_REFUSED : code;
}
