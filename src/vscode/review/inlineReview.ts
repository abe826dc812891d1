/**
 * Inline review: an open editor whose file has undecided hunks shows them in place. The lines a
 * hunk removes are marked as removed (its context lines are left alone), the lines it adds appear
 * as ghost text after the line they follow (full text on hover), and a CodeLens row
 * "Accept | Reject | Show Proposal | Review" sits on each hunk's first changed line. Show Proposal
 * opens a peek below that line with the proposed text (every added line, with the file's syntax
 * colour). Decisions go through the same ReviewPanel batch as the panel's buttons, so both stay in
 * step, and they carry the panel's words (Accept / Reject).
 *
 * Review mode `end`: the hunks are in the file already. Their lines are marked as added, what
 * they replaced shows as ghost text, and the peek (Show Previous) shows the text before the task.
 */
import * as vscode from 'vscode';
import type { Hunk } from '../../core/edits/changeSet/changeSet';
import { diffLines } from '../../core/edits/changeSet/lineDiff';
import { changedNewLines, firstChangedLine, proposedRange } from '../../core/review/hunkPlacement';
import type { ProposalDocuments } from './proposalDocuments';
import { ReviewPanel } from './reviewPanel';
import { resolveUnder } from '../hostFiles';
import { fencedCode } from '../../core/review/codeFence';

export interface InlineHunk {
  panel: ReviewPanel;
  path: string;
  hunk: Hunk;
  /** Range of the hunk's lines in the document: the lines it replaces, or (applied) the lines it wrote; empty at `line` when there are none. */
  range: vscode.Range;
  /** The hunk is in the file already (review mode `end`). */
  applied: boolean;
}

/** Undecided hunks of a document whose text still matches what the review expects there. */
export function inlineHunks(doc: vscode.TextDocument): InlineHunk[] {
  const out: InlineHunk[] = [];
  for (const panel of ReviewPanel.all()) {
    for (const file of panel.session.changeSet.files) {
      const uri = resolveUnder(panel.rootUri, file.path);
      if (!uri || uri.toString() !== doc.uri.toString()) continue;
      for (const { hunk, line, applied } of panel.session.pendingPlacements(file.path)) {
        const lines = applied ? hunk.newLines : hunk.oldLines;
        const fits = lines.every((l, i) => line + i < doc.lineCount && doc.lineAt(line + i).text === l);
        if (!fits || line > doc.lineCount) continue;
        const end = line + lines.length;
        const range = lines.length === 0 ? new vscode.Range(line, 0, line, 0) : new vscode.Range(line, 0, end - 1, doc.lineAt(end - 1).text.length);
        out.push({ panel, path: file.path, hunk, range, applied: applied ?? false });
      }
    }
  }
  return out;
}

export class InlineReview implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly removed = vscode.window.createTextEditorDecorationType({
    isWholeLine: true,
    backgroundColor: new vscode.ThemeColor('diffEditor.removedLineBackground'),
    textDecoration: 'line-through',
    overviewRulerColor: new vscode.ThemeColor('editorOverviewRuler.deletedForeground'),
    overviewRulerLane: vscode.OverviewRulerLane.Left,
  });
  private readonly added = vscode.window.createTextEditorDecorationType({
    isWholeLine: true,
    after: { color: new vscode.ThemeColor('editorGhostText.foreground'), margin: '0 0 0 2ch', fontStyle: 'italic' },
    overviewRulerColor: new vscode.ThemeColor('editorOverviewRuler.addedForeground'),
    overviewRulerLane: vscode.OverviewRulerLane.Left,
  });
  /** Lines an applied hunk wrote (review mode `end`). */
  private readonly written = vscode.window.createTextEditorDecorationType({
    isWholeLine: true,
    backgroundColor: new vscode.ThemeColor('diffEditor.insertedLineBackground'),
    overviewRulerColor: new vscode.ThemeColor('editorOverviewRuler.addedForeground'),
    overviewRulerLane: vscode.OverviewRulerLane.Left,
  });
  private readonly lensesChanged = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.lensesChanged.event;
  private readonly disposables: vscode.Disposable[];

  constructor() {
    this.disposables = [
      vscode.languages.registerCodeLensProvider({ scheme: 'file' }, this),
      ReviewPanel.onDidChange(() => this.refresh()),
      vscode.window.onDidChangeVisibleTextEditors(() => this.refresh()),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (vscode.window.visibleTextEditors.some((ed) => ed.document === e.document)) this.refresh();
      }),
      vscode.window.onDidChangeTextEditorSelection(() => this.updateContext()),
    ];
    this.refresh();
  }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    return inlineHunks(doc).flatMap((h) => {
      const line = firstChangedLine(h.hunk, h.range.start.line, doc.lineCount);
      const at = new vscode.Range(line, 0, line, 0);
      const args = [h.panel.session.changeSet.id, h.path, h.hunk.index];
      const fuzzy = h.hunk.strategy !== 'exact' && h.hunk.strategy !== 'exact-anywhere';
      const accept = fuzzy ? vscode.l10n.t('Accept ({0} match)', h.hunk.strategy) : vscode.l10n.t('Accept');
      return [
        new vscode.CodeLens(at, { title: `$(check) ${accept}`, command: 'forge.acceptHunk', arguments: args, tooltip: h.applied ? vscode.l10n.t('Accept this change, which the agent already wrote: it stays (Ctrl+Alt+Y at the cursor)') : vscode.l10n.t('Accept this hunk (Ctrl+Alt+Y at the cursor)') }),
        new vscode.CodeLens(at, { title: `$(close) ${vscode.l10n.t('Reject')}`, command: 'forge.rejectHunk', arguments: args, tooltip: h.applied ? vscode.l10n.t('Reject: put back the text this change replaced (Ctrl+Alt+N at the cursor)') : vscode.l10n.t('Reject this hunk (Ctrl+Alt+N at the cursor)') }),
        new vscode.CodeLens(at, h.applied
          ? { title: `$(eye) ${vscode.l10n.t('Show Previous')}`, command: 'forge.peekHunk', arguments: args, tooltip: vscode.l10n.t('Show the text before the task here, in a peek') }
          : { title: `$(eye) ${vscode.l10n.t('Show Proposal')}`, command: 'forge.peekHunk', arguments: args, tooltip: vscode.l10n.t('Show every proposed line here, in a peek, with syntax colour') }),
        new vscode.CodeLens(at, { title: vscode.l10n.t('Review'), command: 'forge.revealReview', arguments: [args[0]], tooltip: vscode.l10n.t('Show the change set in the review panel') }),
      ];
    });
  }

  refresh(): void {
    for (const editor of vscode.window.visibleTextEditors) {
      const doc = editor.document;
      const removed: vscode.DecorationOptions[] = [];
      const added: vscode.DecorationOptions[] = [];
      const written: vscode.DecorationOptions[] = [];
      for (const h of inlineHunks(doc)) {
        const hoverMessage = hover(h.hunk, h.applied);
        if (h.applied) {
          const marks = appliedMarks(h);
          for (const l of marks.written) written.push({ range: new vscode.Range(l, 0, l, doc.lineAt(l).text.length), hoverMessage });
          for (const run of marks.replaced) {
            const first = run.lines.find((l) => l.trim() !== '') ?? '';
            const more = run.lines.length > 1 ? `  (${run.lines.length} lines)` : '';
            added.push({ range: new vscode.Range(run.after, 0, run.after, 0), hoverMessage, renderOptions: { after: { contentText: `was: ${first.trim()}${more}`, textDecoration: 'line-through' } } });
          }
          continue;
        }
        const marks = hunkMarks(h);
        for (const l of marks.removed) removed.push({ range: new vscode.Range(l, 0, l, doc.lineAt(l).text.length), hoverMessage });
        for (const run of marks.added) {
          const first = run.lines.find((l) => l.trim() !== '') ?? '';
          const more = run.lines.length > 1 ? `  (+${run.lines.length} lines)` : '';
          added.push({
            range: new vscode.Range(run.after, 0, run.after, 0),
            hoverMessage,
            renderOptions: { after: { contentText: `⟶ ${first.trim()}${more}` } },
          });
        }
      }
      editor.setDecorations(this.removed, removed);
      editor.setDecorations(this.added, added);
      editor.setDecorations(this.written, written);
    }
    this.lensesChanged.fire();
    this.updateContext();
  }

  private updateContext(): void {
    const editor = vscode.window.activeTextEditor;
    const has = editor ? hunkAtCursor(editor) !== undefined : false;
    void vscode.commands.executeCommand('setContext', 'forge.hunkAtCursor', has);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
    this.removed.dispose();
    this.added.dispose();
    this.written.dispose();
    this.lensesChanged.dispose();
  }
}

/**
 * What a hunk changes, in document lines: the lines it removes, and each run of added lines with
 * the line it follows. A hunk's old lines include context (unchanged lines); those are neither.
 */
export function hunkMarks(h: InlineHunk): { removed: number[]; added: { after: number; lines: string[] }[] } {
  const removed: number[] = [];
  const added: { after: number; lines: string[] }[] = [];
  let line = h.range.start.line;
  let run: string[] | undefined;
  for (const d of diffLines(h.hunk.oldLines, h.hunk.newLines)) {
    if (d.op === '+') {
      if (!run) added.push({ after: Math.max(0, line - 1), lines: (run = []) });
      run.push(d.text);
      continue;
    }
    run = undefined;
    if (d.op === '-') removed.push(line);
    line++;
  }
  return { removed, added };
}

/**
 * An applied hunk in the document: the lines it wrote, and each run of lines it replaced (no longer
 * in the file) with the document line to show them on: the first line written in their place, or
 * the line before them when they were only removed.
 */
export function appliedMarks(h: InlineHunk): { written: number[]; replaced: { after: number; lines: string[] }[] } {
  const written: number[] = [];
  const replaced: { after: number; lines: string[] }[] = [];
  let line = h.range.start.line;
  let run: { after: number; lines: string[] } | undefined;
  let justRemoved = false;
  for (const d of diffLines(h.hunk.oldLines, h.hunk.newLines)) {
    if (d.op === '-') {
      if (!run) replaced.push((run = { after: Math.max(0, line - 1), lines: [] }));
      run.lines.push(d.text);
      justRemoved = true;
      continue;
    }
    if (d.op === '+') {
      if (run && justRemoved) run.after = line;
      written.push(line);
    }
    run = undefined;
    justRemoved = false;
    line++;
  }
  return { written, replaced };
}

function hover(h: Hunk, applied: boolean): vscode.MarkdownString {
  if (applied) {
    const md = new vscode.MarkdownString('**Forge wrote this change** (review at the end of the task). Reject puts back:');
    md.appendMarkdown(fencedCode(h.oldLines.join('\n') || '(nothing: these lines are new)', 'text'));
    return md;
  }
  const md = new vscode.MarkdownString(`**Forge proposes** (${h.strategy}, ${Math.round(h.confidence * 100)}%):`);
  md.appendMarkdown(fencedCode(h.newLines.join('\n') || '(remove these lines)', 'text'));
  return md;
}

/** The undecided hunk under (or just below) the cursor of an editor. */
export function hunkAtCursor(editor: vscode.TextEditor): InlineHunk | undefined {
  const line = editor.selection.active.line;
  return inlineHunks(editor.document).find((h) => line >= h.range.start.line - 1 && line <= h.range.end.line);
}

/** forge.acceptHunk / forge.rejectHunk: from a CodeLens (with arguments) or a keybinding (at the cursor). */
export async function decideInline(accept: boolean, args: unknown[]): Promise<void> {
  const [id, path, index] = args;
  if (typeof id === 'string' && typeof path === 'string' && typeof index === 'number') {
    await ReviewPanel.all().find((p) => p.session.changeSet.id === id)?.decideHunk(path, index, accept);
    return;
  }
  const editor = vscode.window.activeTextEditor;
  const h = editor && hunkAtCursor(editor);
  if (!h) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Forge: there is no proposed hunk at the cursor.'));
    return;
  }
  await h.panel.decideHunk(h.path, h.hunk.index, accept);
}

/**
 * forge.peekHunk (CodeLens Show Proposal / Show Previous): a peek under the hunk's first changed
 * line showing the proposed text of the file at the hunk (or, for a change already written, the
 * text before the task), read-only and coloured as the file's language.
 */
export async function peekHunk(proposals: ProposalDocuments, args: unknown[]): Promise<void> {
  const [id, path, index] = args;
  const editor = vscode.window.activeTextEditor;
  const h = typeof id === 'string' && typeof path === 'string' && typeof index === 'number'
    ? editor && inlineHunks(editor.document).find((x) => x.panel.session.changeSet.id === id && x.path === path && x.hunk.index === index)
    : editor && hunkAtCursor(editor);
  if (!editor || !h) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Forge: there is no proposed hunk here to show.'));
    return;
  }
  const session = h.panel.session;
  const file = session.file(h.path)!;
  // The peek highlights the changed lines only (the hunk's context is around them anyway).
  const changed = changedNewLines(h.hunk);
  const target = h.applied
    ? { uri: proposals.uri(session.changeSet.id, h.path, 'base'), start: h.hunk.baseStart + changed.from, count: h.hunk.oldLines.length - changed.from - (h.hunk.newLines.length - changed.to) }
    : (() => {
      const r = proposedRange(file, h.hunk, (x) => session.hunkState(h.path, x.index)?.decision);
      return { uri: proposals.uri(session.changeSet.id, h.path, 'proposed'), start: r.start + changed.from, count: changed.to - changed.from };
    })();
  const range = target.count > 0 ? new vscode.Range(target.start, 0, target.start + target.count - 1, 10_000) : new vscode.Range(target.start, 0, target.start, 0);
  const at = new vscode.Position(firstChangedLine(h.hunk, h.range.start.line, editor.document.lineCount), 0);
  await vscode.commands.executeCommand('editor.action.peekLocations', editor.document.uri, at, [new vscode.Location(target.uri, range)], 'peek');
}
