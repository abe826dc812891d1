/**
 * The CLI host's Approval and AskUser: reviews each change set hunk by hunk as `git add -p` does
 * (or accepts everything with --yes, printing the diff), then writes the accepted part
 * all-or-nothing; asks before commands off the allowlist and before secret files are read. Without
 * a way to ask (stdin not a terminal), it denies. Tool calls that need approval (MCP tools) are
 * asked the same way.
 */
import type { ChangeSet } from '../../core/edits/changeSet/changeSet';
import type { Approval, AskUser, CommandApproval, ReviewOutcome } from '../../core/ports';
import { applyReviewed } from '../apply/applyReviewed';
import { formatChangeSetDiff, type DiffStyle } from './consoleDiff';
import { reviewHunks, type HunkReviewOptions, type Prompt } from './hunkReview';

export type { Prompt } from './hunkReview';
export { formatChangeSetDiff } from './consoleDiff';

export interface ConsoleApprovalOptions {
  root: string;
  /** Accept every change set without asking. */
  yes: boolean;
  prompt?: Prompt;
  out: (text: string) => void;
  /** Colour the diffs (a terminal without NO_COLOR). */
  color?: boolean;
  /** Opens a hunk in an editor for `e`; default: $VISUAL / $EDITOR. */
  edit?: HunkReviewOptions['edit'];
  /** Saves a standing rule for leaving the sandbox (an "always" answer) and says where; without it, "always" is for the task. */
  saveRule?: { file: string; save: (rule: string) => void };
}

export class ConsoleApproval implements Approval, AskUser {
  constructor(private readonly o: ConsoleApprovalOptions) {
    if (o.prompt) {
      this.approveCommand = (c, i) => this.askCommand(c, i);
      this.approveSecretRead = (p) => this.askSecret(p);
      this.approveTool = (t, a, i) => this.askTool(t, a, i);
    }
  }

  private get style(): DiffStyle {
    return { color: Boolean(this.o.color) };
  }

  async reviewChangeSet(cs: ChangeSet): Promise<ReviewOutcome> {
    this.o.out(`\nProposed changes${cs.title ? `: ${cs.title}` : ''}\n`);
    let outcome: ReviewOutcome;
    if (this.o.yes || !this.o.prompt) {
      this.o.out(formatChangeSetDiff(cs, this.style));
      outcome = this.o.yes
        ? { changeSetId: cs.id, completed: true, files: cs.files.map((f) => ({ path: f.path, decisions: (f.hunks.length ? f.hunks : [{ index: 0 }]).map((h) => ({ hunkIndex: h.index, decision: { kind: 'accept' as const } })) })) }
        : { changeSetId: cs.id, completed: false, files: [] };
    } else {
      outcome = await reviewHunks(cs, { prompt: this.o.prompt, out: this.o.out, style: this.style, verb: 'Apply', edit: this.o.edit });
    }
    const w = applyReviewed(this.o.root, cs, outcome);
    if (!w.ok) {
      this.o.out(`Could not apply: ${w.error}\n`);
      return { ...outcome, applyError: w.error };
    }
    if (w.written.length) this.o.out(`Wrote ${w.written.join(', ')}\n`);
    return outcome;
  }

  /** Present only when there is someone to ask; without it the agent tells the model the command needs approval. */
  readonly approveCommand?: (command: string, info: { reason: string; remember?: string }) => Promise<CommandApproval>;
  readonly approveSecretRead?: (path: string) => Promise<boolean>;
  readonly approveTool?: (toolName: string, argsJson: string, info: { reason: string }) => Promise<CommandApproval>;

  private async askCommand(command: string, info: { reason: string; remember?: string }): Promise<CommandApproval> {
    const save = info.remember && this.o.saveRule;
    if (!save) {
      const a = await this.o.prompt!(`Run \`${command}\`? ${info.reason} [y = once / a = always / n] `);
      return a === null ? 'deny' : /^a(lways)?$/i.test(a.trim()) ? 'always' : /^y(es)?$/i.test(a.trim()) ? 'once' : 'deny';
    }
    // Leaving the sandbox: "always" is saved as a rule the user can see and remove; nothing is the default.
    const a = (await this.o.prompt!(`Run \`${command}\`? ${info.reason} [y = once / t = for this task / a = always (saves "${info.remember}" in ${save.file}) / n] `))?.trim();
    if (!a) return 'deny';
    if (/^t(ask)?$/i.test(a)) return 'always';
    if (/^y(es)?$/i.test(a)) return 'once';
    if (!/^a(lways)?$/i.test(a)) return 'deny';
    try {
      save.save(info.remember!);
      this.o.out(`Saved "${info.remember}" in ${save.file}; remove it there to undo.\n`);
      return 'remember';
    } catch (e) {
      this.o.out(`Could not save the rule in ${save.file} (${(e as Error).message}); allowed for this task only.\n`);
      return 'always';
    }
  }

  private async askTool(toolName: string, argsJson: string, info: { reason: string }): Promise<CommandApproval> {
    const args = argsJson.length > 300 ? `${argsJson.slice(0, 299)}…` : argsJson;
    const a = await this.o.prompt!(`Use the tool ${toolName} with ${args}? ${info.reason} [y = once / a = always for this tool / n] `);
    return a === null ? 'deny' : /^a(lways)?$/i.test(a.trim()) ? 'always' : /^y(es)?$/i.test(a.trim()) ? 'once' : 'deny';
  }

  private async askSecret(path: string): Promise<boolean> {
    const a = await this.o.prompt!(`Allow the agent to read ${path} (it looks like it holds secrets)? [y/n] `);
    return a !== null && /^y(es)?$/i.test(a.trim());
  }

  async ask(question: string, options?: { choices?: string[] }): Promise<string | null> {
    if (!this.o.prompt) return null;
    return this.o.prompt(`${question}${options?.choices?.length ? ` (${options.choices.join(' / ')})` : ''}\n> `);
  }
}
