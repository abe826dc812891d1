/**
 * propose_edits: an edit in any format the engine knows (unified diff, SEARCH/REPLACE, apply_patch,
 * whole file) -> one ChangeSet -> the user's review (Approval port). The model gets back which
 * hunks were accepted or rejected and why (and how each hunk that did not match exactly was
 * placed, so it can check those), or the engine's precise refusal so it can fix the edit.
 * All or nothing: when any part of the edit cannot be located, nothing is proposed.
 */
import { z } from 'zod';
import { lazySchema } from '../lazySchema';
import type { ChangeSet, Hunk, HunkDecision, HunkRefusal } from '../edits/changeSet/changeSet';
import { placementNote } from '../edits/changeSet/placementNote';
import { parseEdit } from '../edits/parse/parseEdit';
import { buildCheckedChangeSet } from '../edits/changeSet/checkedChangeSet';
import type { ReviewOutcome } from '../ports';
import { applyToWorkingCopy } from '../agent/workingCopy';
import { protectedChanges } from '../edits/changeSet/protectedChanges';
import { EditNotesBudget, editedHunkNotes } from '../review/editedHunks';
import { defineTool, fail, ok, type ToolContext } from './tool';

export const proposeEditsSpec = {
  name: 'propose_edits',
  description:
    'Propose changes to one or more files; the user reviews them hunk by hunk before anything is written. The edit is text in one of: ' +
    'a unified diff ("--- a/PATH", "+++ b/PATH", "@@ ... @@"); SEARCH/REPLACE blocks (the path on its own line, then "<<<<<<< SEARCH", the exact old lines, ' +
    '"=======", the new lines, ">>>>>>> REPLACE"); an apply_patch ("*** Begin Patch" ... "*** End Patch"); or, for a new or fully rewritten file, ' +
    'the path on its own line followed by a fenced code block with the whole content. Several files may go in one edit. ' +
    'The reply says which hunks were accepted, rejected (with the user\'s reasons) or left undecided, or exactly why the edit could not be located.',
  schema: lazySchema(() => z.strictObject({
    edit: z.string().min(1).describe('The edit text'),
    title: z.string().optional().describe('A short title for the change set'),
  })),
  mutating: true,
};

export const proposeEditsTool = defineTool(proposeEditsSpec, async (args, ctx) => {
  const parsed = parseEdit(args.edit);
  if (parsed.files.length === 0) {
    const p = parsed.problems.map((x) => `line ${x.line}: ${x.message}`).join('; ');
    return fail(`No file edits were found in the edit text${p ? ` (${p})` : ''}. Nothing was proposed.`);
  }
  const bases = new Map<string, string | null>();
  const pathRefusals: string[] = [];
  for (const fe of parsed.files) {
    for (const p of [fe.path, fe.newPath]) {
      if (p === undefined || bases.has(p)) continue;
      const g = await ctx.paths.resolve(p, { allowIgnored: true });
      if (!g.ok) pathRefusals.push(g.reason);
      else if (g.path !== p) pathRefusals.push(`"${p}" is refused: write it as "${g.path}" (its real path in the workspace).`);
      else if (g.secret) pathRefusals.push(`"${p}" is refused: it looks like a secrets file; Forge does not edit those.`);
      else bases.set(p, await readBase(p, ctx));
    }
  }
  if (pathRefusals.length) return fail(`${pathRefusals.join('\n')}\nNothing was proposed; fix the paths and send the whole edit again.`);
  // Hunks placed by anything but an exact match are parsed before and after (files with a grammar).
  const built = await buildCheckedChangeSet(parsed, bases, { title: args.title });
  if (!built.ok) return fail(`${formatRefusals(built.refusals, parsed.problems)}\nNothing was proposed. Fix these parts (read the file again if unsure of its text) and send the whole edit again.`);
  const cs = built.changeSet;
  ctx.notify({ type: 'changeSetProposed', changeSet: cs, bases: Object.fromEntries(bases) });
  // Review mode `end` writes at once, except a change to a protected file: that is reviewed now.
  const guarded = ctx.state.working ? protectedChanges(cs, bases) : [];
  if (ctx.state.working && ctx.approval.applyWorking && guarded.length === 0) return applyToWorkingCopy(cs, bases, ctx);
  if (guarded.length) ctx.log?.info(`A change to protected files is reviewed before it is written: ${guarded.join('; ')}`);
  const outcome = await ctx.approval.reviewChangeSet(cs, ctx.signal);
  const summary = summarise(cs, outcome);
  ctx.notify({ type: 'changeSetReviewed', changeSetId: cs.id, outcome, acceptedHunks: summary.accepted, rejectedHunks: summary.rejected, changedFiles: summary.changed });
  if (outcome.completed && !outcome.applyError) for (const p of summary.changed) if (!ctx.state.changedFiles.includes(p)) ctx.state.changedFiles.push(p);
  return summary.rejected > 0 || !outcome.completed || outcome.applyError ? fail(summary.text) : ok(summary.text);
});

async function readBase(path: string, ctx: ToolContext): Promise<string | null> {
  const st = await ctx.workspace.stat(path);
  if (!st) return null;
  if (st.type !== 'file') throw new Error(`${path} is a folder`);
  return ctx.workspace.readText(path);
}

export function formatRefusals(refusals: HunkRefusal[], problems: { line: number; message: string }[] = []): string {
  const lines = refusals.map((r) => {
    const where = r.path ? `${r.path}${r.hunkIndex >= 0 ? ` hunk ${r.hunkIndex + 1}` : ''}: ` : '';
    let s = `- ${where}${r.reason}`;
    if (r.closest) {
      const c = r.closest;
      s += `\n  Closest text (lines ${c.startLine}-${c.endLine}, similarity ${c.score.toFixed(2)}):\n${indent(c.text)}`;
      if (c.differences.length) s += `\n  Differences (-expected +actual):\n${indent(c.differences.slice(0, 12).join('\n'))}`;
    }
    return s;
  });
  for (const p of problems.slice(0, 5)) lines.push(`- edit text line ${p.line}: ${p.message}`);
  return `The edit could not be applied:\n${lines.join('\n')}`;
}

const indent = (t: string) => t.split('\n').map((l) => `    ${l}`).join('\n');

function summarise(cs: ChangeSet, outcome: ReviewOutcome): { text: string; accepted: number; rejected: number; changed: string[] } {
  if (!outcome.completed) return { text: 'The user closed the review without deciding; nothing was applied. Ask what they want, or continue without these changes.', accepted: 0, rejected: 0, changed: [] };
  let accepted = 0;
  let rejected = 0;
  let undecided = 0;
  const changed: string[] = [];
  const lines: string[] = [];
  const budget = new EditNotesBudget();
  for (const f of cs.files) {
    const decided = outcome.files.find((x) => x.path === f.path);
    const decisionOf = (h: Hunk) => decided?.decisions.find((x) => x.hunkIndex === h.index)?.decision;
    const parts: string[] = [];
    let fileAccepted = 0;
    for (const h of f.hunks) {
      const d = decided?.decisions.find((x) => x.hunkIndex === h.index);
      const kind = d?.decision.kind ?? 'reject';
      if (d?.pending) {
        undecided++;
        parts.push(`hunk ${h.index + 1} left undecided (not applied; still waiting in the user's review)`);
      } else if (kind === 'reject') {
        rejected++;
        parts.push(`hunk ${h.index + 1} rejected${d?.reason ? ` (reason: ${d.reason})` : d ? '' : ' (no decision)'}`);
      } else {
        accepted++;
        fileAccepted++;
        parts.push(`hunk ${h.index + 1} ${kind === 'edit' ? 'accepted with the user\'s own edits' : 'accepted'}${placementNote(h)}`);
      }
    }
    if (fileAccepted) changed.push(f.newPath ?? f.path);
    lines.push(`${f.action} ${f.path}${f.newPath ? ` -> ${f.newPath}` : ''}: ${parts.join(', ') || (fileAccepted ? 'accepted' : 'no hunks')}`);
    if (!outcome.applyError) lines.push(...editedHunkNotes(f, decisionOf, (h) => finalLines(h, decisionOf(h)), budget));
  }
  const head = outcome.applyError
    ? `The user accepted changes but they could not be applied: ${outcome.applyError} Read the files again and propose a fresh edit.`
    : undecided > 0 ? `The user left ${undecided} hunk${undecided === 1 ? '' : 's'} undecided: ${undecided === 1 ? 'it is' : 'they are'} not applied and still waiting in their review (they may accept ${undecided === 1 ? 'it' : 'them'} later). Do not build on ${undecided === 1 ? 'it' : 'them'} as if applied, and do not propose ${undecided === 1 ? 'it' : 'them'} again unless asked.${accepted ? ' Only the accepted hunks were applied.' : ''}`
    : rejected === 0 ? 'All changes were accepted and applied.'
    : accepted === 0 ? 'All changes were rejected; nothing was applied.'
    : 'Some changes were rejected; only the accepted hunks were applied.';
  return { text: `${head}\n${lines.join('\n')}${outcome.applyError ? '' : budget.tail()}`, accepted, rejected, changed };
}

/** The lines that stand in the file where a hunk was, after the decision (undecided is rejected). */
function finalLines(h: Hunk, d: HunkDecision | undefined): readonly string[] {
  return d?.kind === 'edit' ? d.newLines : d?.kind === 'accept' ? h.newLines : h.oldLines;
}
