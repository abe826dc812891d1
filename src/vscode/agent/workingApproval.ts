/**
 * Review mode `end` in VS Code. applyWorking writes a whole change set at once through the same
 * path as an Accept All in the review panel (one WorkspaceEdit, saved, bytes verified, the previous
 * bytes checkpointed, so "Forge: Revert Change Set..." can undo it). reviewApplied opens the task's
 * change set in the review panel with every hunk already on disk: Reject writes the old lines back,
 * Accept and Done keep what is there. A set left undecided stays in Show Pending Changes.
 */
import * as vscode from 'vscode';
import type { ChangeSet } from '../../core/edits/changeSet/changeSet';
import type { ReviewOutcome } from '../../core/ports';
import { ReviewSession } from '../../core/review/reviewSession';
import { applyTransitions } from '../review/applyTransitions';
import { encodeText, resolveUnder } from '../hostFiles';
import { ReviewPanel, type ReviewPanelDeps } from '../review/reviewPanel';

export async function applyWorking(deps: ReviewPanelDeps, root: vscode.Uri, cs: ChangeSet, bases: ReadonlyMap<string, string | null>): Promise<{ ok: true } | { ok: false; error: string }> {
  // The working copy is what commands see: a file with unsaved edits in an editor would get the
  // change only in the editor (Forge never saves someone's unsaved work), so it is left alone.
  const unsaved = cs.files.flatMap((f) => [f.path, f.newPath]).filter((p): p is string => {
    const uri = p === undefined ? undefined : resolveUnder(root, p);
    return uri !== undefined && vscode.workspace.textDocuments.some((d) => d.isDirty && d.uri.toString() === uri.toString());
  });
  if (unsaved.length > 0) return { ok: false, error: `${unsaved.join(', ')} ${unsaved.length === 1 ? 'has' : 'have'} unsaved changes in an editor; ask the user to save or revert ${unsaved.length === 1 ? 'it' : 'them'} first.` };
  const session = new ReviewSession(cs, bases);
  session.decideAll({ kind: 'accept' });
  const transitions = cs.files.flatMap((f) => session.transitions(f.path));
  const outcome = await applyTransitions(root, transitions);
  if (outcome.conflicts.length > 0) return { ok: false, error: `${outcome.conflicts.map((c) => c.reason).join('; ')}.` };
  const written = transitions.map((t) => ({ path: t.path, before: outcome.previous.get(t.path) ?? null, after: t.next === null ? null : encodeText(t.next) }));
  if (written.length > 0) {
    deps.log.info(`wrote ${cs.id} to the working copy: ${written.map((w) => w.path).join(', ')}`);
    await deps.checkpoints.record({ changeSetId: cs.id, title: cs.title ?? 'Agent changes (working copy)' }, written, outcome.createdDirs);
  }
  return { ok: true };
}

export async function reviewApplied(deps: ReviewPanelDeps, root: vscode.Uri, cs: ChangeSet, bases: ReadonlyMap<string, string | null>): Promise<ReviewOutcome> {
  const session = new ReviewSession(cs, bases, { applied: true });
  const panel = await ReviewPanel.announce(deps, root, session);
  await panel?.whenClosed();
  // Hunks nobody decided stay in the files: outcome() marks them pending (on disk).
  return session.outcome(true);
}
