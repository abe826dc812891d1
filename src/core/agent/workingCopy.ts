/**
 * Review mode `end`: the agent's change sets are written into the files as it goes (so it can run
 * tests against them), each file's text from before the task is kept, and when the task ends the
 * whole task's change set (before -> now) is reviewed once. Rejecting a hunk there puts its old
 * lines back, so rejecting everything restores every file exactly.
 */
import type { ChangeSet, Hunk } from '../edits/changeSet/changeSet';
import { placementNote } from '../edits/changeSet/placementNote';
import { changeSetFromTexts, type TextChange } from '../edits/changeSet/textChanges';
import type { Approval, ReviewOutcome, Workspace } from '../ports';
import { fail, ok, type ToolContext, type ToolNotice, type ToolResult } from '../tools/tool';
import { END_REVIEW_NOTE } from './prompts';
import { EditNotesBudget, editedHunkNotes } from '../review/editedHunks';

/** Writes a located change set into the working copy and remembers each file's text from before the task. */
export async function applyToWorkingCopy(cs: ChangeSet, bases: ReadonlyMap<string, string | null>, ctx: ToolContext): Promise<ToolResult> {
  const working = ctx.state.working!;
  const r = await ctx.approval.applyWorking!(cs, bases, ctx.signal);
  if (!r.ok) return fail(`Nothing was written: ${r.error} Read the files again and propose a fresh edit.`);
  for (const [path, text] of bases) if (!(path in working)) working[path] = text;
  const changed = cs.files.map((f) => f.newPath ?? f.path);
  for (const p of changed) if (!ctx.state.changedFiles.includes(p)) ctx.state.changedFiles.push(p);
  const outcome: ReviewOutcome = {
    changeSetId: cs.id,
    completed: true,
    deferred: true,
    files: cs.files.map((f) => ({ path: f.path, decisions: f.hunks.map((h) => ({ hunkIndex: h.index, decision: { kind: 'accept' as const } })) })),
  };
  const hunks = cs.files.reduce((n, f) => n + f.hunks.length, 0);
  ctx.notify({ type: 'changeSetReviewed', changeSetId: cs.id, outcome, acceptedHunks: hunks, rejectedHunks: 0, changedFiles: changed });
  const list = cs.files
    .map((f) => {
      const placed = f.hunks.flatMap((h) => (placementNote(h) ? [`hunk ${h.index + 1}${placementNote(h)}`] : []));
      return `${f.action} ${f.path}${f.newPath ? ` -> ${f.newPath}` : ''} (${f.hunks.length} hunk${f.hunks.length === 1 ? '' : 's'})${placed.length ? `; ${placed.join('; ')}` : ''}`;
    })
    .join('\n');
  return ok(`Written to the working copy:\n${list}\nRun checks against it as needed. The user reviews all of this task's changes when you finish and may reject some of them.`);
}

export interface WorkingReviewDeps {
  workspace: Workspace;
  approval: Approval;
  notify(n: ToolNotice): void;
}

/**
 * The end review: one change set from each file's text before the task to its text now. Returns a
 * note for the transcript (what was kept and what was rejected, with reasons), or undefined when
 * the task changed nothing. `working` is emptied: the next run starts a new working state.
 */
export async function reviewWorkingCopy(working: Record<string, string | null>, id: string, title: string, deps: WorkingReviewDeps): Promise<string | undefined> {
  const changes: TextChange[] = [];
  for (const [path, before] of Object.entries(working)) {
    const st = await deps.workspace.stat(path);
    changes.push({ path, before, after: st?.type === 'file' ? await deps.workspace.readText(path) : null });
  }
  for (const k of Object.keys(working)) delete working[k];
  const { changeSet, unexpressible } = changeSetFromTexts(id, title, changes);
  const skipped = unexpressible.length ? ` ${unexpressible.join(', ')} could not be shown as hunks and ${unexpressible.length === 1 ? 'was' : 'were'} left as written (Forge: Revert Change Set... restores ${unexpressible.length === 1 ? 'it' : 'them'}).` : '';
  if (changeSet.files.length === 0) return skipped ? `${END_REVIEW_NOTE}the task's changes were not reviewed:${skipped}` : undefined;
  const bases = new Map(changes.filter((c) => changeSet.files.some((f) => f.path === c.path)).map((c) => [c.path, c.before] as const));
  deps.notify({ type: 'changeSetProposed', changeSet, bases: Object.fromEntries(bases) });
  const outcome = await deps.approval.reviewApplied!(changeSet, bases);
  const lines: string[] = [];
  let kept = 0;
  let rejected = 0;
  const keptFiles: string[] = [];
  const budget = new EditNotesBudget();
  const written = outcome.completed && !outcome.applyError;
  for (const f of changeSet.files) {
    const decided = outcome.files.find((x) => x.path === f.path);
    const decisionOf = (h: Hunk) => decided?.decisions.find((x) => x.hunkIndex === h.index)?.decision;
    const parts: string[] = [];
    let fileKept = 0;
    for (const h of f.hunks) {
      const d = decided?.decisions.find((x) => x.hunkIndex === h.index);
      if (outcome.completed && !outcome.applyError && d?.decision.kind === 'reject') {
        rejected++;
        parts.push(`hunk ${h.index + 1} rejected and restored${d.reason ? ` (reason: ${d.reason})` : ''}`);
      } else {
        kept++;
        fileKept++;
        parts.push(`hunk ${h.index + 1} ${d?.pending ? 'left undecided (still in the file, waiting in the user\'s review)' : d?.decision.kind === 'edit' ? 'kept with the user\'s own edits' : 'kept'}`);
      }
    }
    if (fileKept) keptFiles.push(f.path);
    lines.push(`${f.action} ${f.path}: ${parts.join(', ')}`);
    if (written) lines.push(...editedHunkNotes(f, decisionOf, (h) => { const d = decisionOf(h); return d?.kind === 'reject' ? h.oldLines : d?.kind === 'edit' ? d.newLines : h.newLines; }, budget));
  }
  deps.notify({ type: 'changeSetReviewed', changeSetId: changeSet.id, outcome, acceptedHunks: kept, rejectedHunks: rejected, changedFiles: keptFiles });
  const head = outcome.applyError
    ? `the user's review of this task's changes could not be written (${outcome.applyError}); the files hold the task's changes.`
    : rejected === 0 ? 'the user reviewed this task\'s changes and kept all of them.'
    : `the user reviewed this task's changes: ${kept} hunk${kept === 1 ? '' : 's'} kept, ${rejected} rejected (their old text is back in the files).`;
  return `${END_REVIEW_NOTE}${head}${skipped}\n${lines.join('\n')}${written ? budget.tail() : ''}`;
}
