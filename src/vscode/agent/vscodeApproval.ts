/**
 * The Approval port in VS Code. A proposed change set is announced (notification with Review,
 * status bar, Change Sets view; nothing takes focus), opens in the review panel when the engineer
 * asks (bases read as the user sees them), and resolves with the session's outcome when the panel closes: every hunk
 * decided, or Done / close with the undecided hunks kept pending (reported to the model as
 * undecided), rejected or accepted, as the engineer chose. Commands off the allowlist are approved inline in the chat view when it is
 * showing, else in a notification (never a modal dialog, which would take focus): Allow once / Always for this command / Deny
 * (for a command that asks to leave the sandbox: Allow once / For this task / Always, saved in the user setting
 * forge.sandbox.allowOutside / Deny). Tool calls that
 * need approval (MCP tools, read-only tools when auto-approval is off) are asked the same way.
 */
import * as vscode from 'vscode';
import type { ChangeSet } from '../../core/edits/changeSet/changeSet';
import { ReviewSession } from '../../core/review/reviewSession';
import type { Approval, CommandApproval, ReviewOutcome } from '../../core/ports';
import { readCurrentText, resolveUnder } from '../hostFiles';
import { ReviewPanel, type ReviewPanelDeps } from '../review/reviewPanel';
import { saveOutsideRule } from './commandSandbox';
import { applyWorking, reviewApplied } from './workingApproval';
import type { VscodeWorkspace } from './vscodeWorkspace';

/** The approval notifications' buttons, translated once: a click is compared against the same value. */
const BUTTONS = {
  allowOnce: vscode.l10n.t('Allow Once'),
  forThisTask: vscode.l10n.t('For This Task'),
  alwaysForCommand: vscode.l10n.t('Always for This Command'),
  alwaysForTool: vscode.l10n.t('Always for This Tool'),
  always: vscode.l10n.t('Always'),
  allow: vscode.l10n.t('Allow'),
  deny: vscode.l10n.t('Deny'),
};

/**
 * Asks for a command approval (or, with `tool`, a tool call's: `command` is then the tool's name)
 * somewhere visible; undefined when it cannot (the chat view is hidden).
 */
export type InlineApprover = (command: string, reason: string, signal?: AbortSignal, tool?: { args: string }, remember?: string) => Promise<CommandApproval> | undefined;

export class VscodeApproval implements Approval {
  constructor(
    private readonly deps: ReviewPanelDeps,
    private readonly workspace: VscodeWorkspace,
    private readonly inline: InlineApprover = () => undefined,
  ) {}

  /** Review mode `end`: the change set goes into the files now (see workingApproval.ts). */
  async applyWorking(cs: ChangeSet, bases: ReadonlyMap<string, string | null>): Promise<{ ok: true } | { ok: false; error: string }> {
    const root = this.firstFolderOf(cs);
    return typeof root === 'string' ? { ok: false, error: root } : applyWorking(this.deps, root, cs, bases);
  }

  /** Review mode `end`: the task's change set, already in the files, in the review panel. */
  async reviewApplied(cs: ChangeSet, bases: ReadonlyMap<string, string | null>): Promise<ReviewOutcome> {
    const root = this.firstFolderOf(cs);
    return typeof root === 'string' ? { changeSetId: cs.id, files: [], completed: false, applyError: root } : reviewApplied(this.deps, root, cs, bases);
  }

  /** The first workspace folder, or why a path of the change set is not in it. */
  private firstFolderOf(cs: ChangeSet): vscode.Uri | string {
    const first = this.workspace.locate('').folder;
    for (const f of cs.files) {
      for (const p of [f.path, f.newPath]) {
        if (p !== undefined && (this.workspace.locate(p).folder !== first || !resolveUnder(first.uri, p))) {
          return `${p} is not in the first workspace folder; Forge applies edits to the first folder only. Nothing was written.`;
        }
      }
    }
    return first.uri;
  }

  async reviewChangeSet(cs: ChangeSet, signal?: AbortSignal): Promise<ReviewOutcome> {
    const first = this.workspace.locate('').folder;
    const bases = new Map<string, string | null>();
    for (const f of cs.files) {
      for (const p of [f.path, f.newPath]) {
        if (p === undefined || bases.has(p)) continue;
        const uri = this.workspace.locate(p).folder === first ? resolveUnder(first.uri, p) : undefined;
        if (!uri) return { changeSetId: cs.id, files: [], completed: false, applyError: `${p} is not in the first workspace folder; Forge applies edits to the first folder only. Nothing was written.` };
        bases.set(p, (await readCurrentText(uri)).text);
      }
    }
    const session = new ReviewSession(cs, bases);
    // Announced, not opened: nothing takes focus from the engineer (see ReviewPanel.announce).
    const panel = await ReviewPanel.announce(this.deps, first.uri, session, signal);
    if (panel) {
      const onAbort = () => panel.dispose();
      signal?.addEventListener('abort', onAbort, { once: true });
      if (signal?.aborted) onAbort();
      await panel.whenClosed();
      signal?.removeEventListener('abort', onAbort);
    }
    // Hunks the engineer left undecided are reported as such (and stay in Show Pending Changes).
    return session.outcome(true);
  }

  async approveCommand(command: string, info: { reason: string; cwd: string; signal?: AbortSignal; remember?: string }): Promise<CommandApproval> {
    const inline = this.inline(command, info.reason, info.signal, undefined, info.remember);
    const choice = inline ? await inline : await this.askInNotification(command, info);
    return choice === 'remember' ? this.remember(info.remember) : choice;
  }

  /** A notification, not a modal dialog: it never takes focus, so nothing typed for an editor or a terminal (an Enter) can answer it. */
  private async askInNotification(command: string, info: { reason: string; cwd: string; remember?: string }): Promise<CommandApproval> {
    const task = info.remember ? BUTTONS.forThisTask : BUTTONS.alwaysForCommand;
    const message = info.cwd && info.cwd !== '.'
      ? vscode.l10n.t('Forge wants to run: {0} ({1}; in {2})', command, info.reason, info.cwd)
      : vscode.l10n.t('Forge wants to run: {0} ({1})', command, info.reason);
    const choice = await vscode.window.showWarningMessage(message, BUTTONS.allowOnce, task, ...(info.remember ? [BUTTONS.always] : []), BUTTONS.deny);
    return choice === BUTTONS.allowOnce ? 'once' : choice === task ? 'always' : choice === BUTTONS.always ? 'remember' : 'deny';
  }

  /** Saves the rule in the user's settings; if that fails, the command is allowed for the task only and the user told why. */
  private async remember(rule: string | undefined): Promise<CommandApproval> {
    if (!rule) return 'always';
    try {
      await saveOutsideRule(rule);
      return 'remember';
    } catch (e) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Forge could not save "{0}" to forge.sandbox.allowOutside ({1}); it is allowed for this task only.', rule, e instanceof Error ? e.message : String(e)));
      return 'always';
    }
  }

  async approveTool(toolName: string, argsJson: string, info: { reason: string; signal?: AbortSignal }): Promise<CommandApproval> {
    const args = argsJson.length > 400 ? `${argsJson.slice(0, 399)}…` : argsJson;
    const inline = this.inline(toolName, info.reason, info.signal, { args });
    if (inline) return (await inline) === 'remember' ? 'always' : inline; // nothing is saved for tools
    const choice = await vscode.window.showWarningMessage(
      vscode.l10n.t('Forge wants to use the tool {0} ({1}). Arguments: {2}', toolName, info.reason, args),
      BUTTONS.allowOnce, BUTTONS.alwaysForTool, BUTTONS.deny,
    );
    return choice === BUTTONS.allowOnce ? 'once' : choice === BUTTONS.alwaysForTool ? 'always' : 'deny';
  }

  async approveSecretRead(path: string): Promise<boolean> {
    const choice = await vscode.window.showWarningMessage(vscode.l10n.t('Let Forge read {0}? It looks like it holds secrets, and its text would be sent to the model.', path), BUTTONS.allow, BUTTONS.deny);
    return choice === BUTTONS.allow;
  }
}
