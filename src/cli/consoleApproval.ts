/**
 * The CLI host's Approval and AskUser: prints each change set as a diff and asks y/n per file
 * (or accepts everything with --yes), then writes the accepted part all-or-nothing; asks before
 * commands off the allowlist and before secret files are read. Without a way to ask (stdin not a
 * terminal), it denies. Tool calls that need approval (MCP tools) are asked the same way.
 */
import type { ChangeSet } from '../core/edits/changeSet';
import type { Approval, AskUser, CommandApproval, ReviewOutcome } from '../core/ports';
import { applyReviewed } from './applyReviewed';

/** Reads one answer line from the user; null when there is nobody to ask. */
export type Prompt = (question: string) => Promise<string | null>;

export interface ConsoleApprovalOptions {
  root: string;
  /** Accept every change set without asking. */
  yes: boolean;
  prompt?: Prompt;
  out: (text: string) => void;
}

export function formatChangeSetDiff(cs: ChangeSet): string {
  const out: string[] = [];
  for (const f of cs.files) {
    const from = f.action === 'add' ? '/dev/null' : `a/${f.path}`;
    const to = f.action === 'delete' ? '/dev/null' : `b/${f.newPath ?? f.path}`;
    out.push(`--- ${from}`, `+++ ${to}`);
    for (const h of f.hunks) {
      out.push(`@@ -${h.baseStart + 1},${h.oldLines.length} +${h.baseStart + 1},${h.newLines.length} @@${h.strategy !== 'exact' && h.strategy !== 'create' ? ` (${h.strategy})` : ''}`);
      for (const l of h.oldLines) out.push(`-${l}`);
      for (const l of h.newLines) out.push(`+${l}`);
    }
  }
  return out.join('\n') + '\n';
}

export class ConsoleApproval implements Approval, AskUser {
  constructor(private readonly o: ConsoleApprovalOptions) {
    if (o.prompt) {
      this.approveCommand = (c, i) => this.askCommand(c, i);
      this.approveSecretRead = (p) => this.askSecret(p);
      this.approveTool = (t, a, i) => this.askTool(t, a, i);
    }
  }

  async reviewChangeSet(cs: ChangeSet): Promise<ReviewOutcome> {
    this.o.out(`\nProposed changes${cs.title ? `: ${cs.title}` : ''}\n${formatChangeSetDiff(cs)}`);
    const outcome: ReviewOutcome = { changeSetId: cs.id, files: [], completed: true };
    for (const f of cs.files) {
      let accept = this.o.yes;
      let reason: string | undefined;
      if (!accept) {
        const a = this.o.prompt ? await this.o.prompt(`Apply ${f.action} ${f.path}? [y/n, or n: reason] `) : null;
        if (a === null) {
          outcome.completed = false;
          break;
        }
        accept = /^y(es)?$/i.test(a.trim());
        if (!accept) reason = a.replace(/^\s*no?\s*:?\s*/i, '').trim() || undefined;
      }
      const hunks = f.hunks.length ? f.hunks.map((h) => h.index) : [0];
      outcome.files.push({ path: f.path, decisions: hunks.map((i) => ({ hunkIndex: i, decision: { kind: accept ? 'accept' : 'reject' }, ...(reason ? { reason } : {}) })) });
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
  readonly approveCommand?: (command: string, info: { reason: string }) => Promise<CommandApproval>;
  readonly approveSecretRead?: (path: string) => Promise<boolean>;
  readonly approveTool?: (toolName: string, argsJson: string, info: { reason: string }) => Promise<CommandApproval>;

  private async askCommand(command: string, info: { reason: string }): Promise<CommandApproval> {
    const a = await this.o.prompt!(`Run \`${command}\`? ${info.reason} [y = once / a = always / n] `);
    return a === null ? 'deny' : /^a(lways)?$/i.test(a.trim()) ? 'always' : /^y(es)?$/i.test(a.trim()) ? 'once' : 'deny';
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
