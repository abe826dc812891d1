/**
 * The chat view's messages, host <-> webview: one zod union per direction, parsed on arrival on
 * both sides. The host turns AgentEvents into ChatHostMessages with toChatMessages (pure), so the
 * webview never sees a whole change set or raw tool arguments. The few sentences written here go
 * through l10n.t of @vscode/l10n (given VS Code's bundle by src/vscode/hostTranslations.ts).
 */
import * as l10n from '@vscode/l10n';
import * as z from 'zod/mini';
import { lazySchema } from '../core/lazySchema';
import type { AgentEvent } from '../core/agent/events';
import { CONTINUE_MESSAGE, CUT_OFF_MESSAGE, END_REVIEW_NOTE } from '../core/agent/prompts';
import { CHECK_FAILED_NOTE, checkLine } from '../core/agent/finishCheck';
import type { TaskState } from '../core/agent/taskState';
import { contextChips, contextPreview, droppedUris, insertMentions, mentionItems, mentionQuery, openContext } from './chatContext';
import { webviewShellHtml } from './webviewHtml';

const planItem = lazySchema(() => z.object({ step: z.string(), status: z.enum(['pending', 'in_progress', 'done']) }));
/** always: for the task; remember: saved as a standing rule (offered with `remember` only). */
const decision = lazySchema(() => z.enum(['once', 'always', 'remember', 'deny']));

export const chatHostMessage = lazySchema(() => z.discriminatedUnion('type', [
  /** Whether a task runs, and which task the input continues (none: the input starts a new one). */
  z.object({ type: z.literal('state'), running: z.boolean(), taskId: z.optional(z.string()), title: z.optional(z.string()) }),
  /** Clears the transcript (a new task, or a replay follows). */
  z.object({ type: z.literal('reset') }),
  z.object({ type: z.literal('user'), text: z.string() }),
  /** Puts a task the host could not start yet (no model endpoint) back into the input box. */
  z.object({ type: z.literal('draft'), text: z.string() }),
  /** A chunk of the model's text (markdown), appended to the current reply. */
  z.object({ type: z.literal('text'), text: z.string() }),
  z.object({ type: z.literal('toolStarted'), callId: z.string(), name: z.string(), summary: z.string() }),
  /** ok and durationMs are unknown for a stored transcript's calls. */
  z.object({ type: z.literal('toolFinished'), callId: z.string(), ok: z.optional(z.boolean()), output: z.string(), durationMs: z.optional(z.number()) }),
  z.object({ type: z.literal('plan'), items: z.array(planItem) }),
  /** A propose_edits call still being written: the files and complete hunks so far. */
  z.object({ type: z.literal('editProgress'), index: z.int(), files: z.array(z.object({ path: z.string(), hunks: z.int() })) }),
  z.object({ type: z.literal('changeSet'), id: z.string(), title: z.string(), files: z.int(), hunks: z.int() }),
  /** failed: the accepted hunks could not be written (a real failure; rejections are decisions). */
  z.object({ type: z.literal('changeSetReviewed'), id: z.string(), accepted: z.int(), rejected: z.int(), completed: z.boolean(), deferred: z.optional(z.boolean()), failed: z.optional(z.boolean()) }),
  /**
   * A command (or, with kind "tool", a tool call: `command` is the tool's name and `detail` its
   * arguments) waits for the user's approval (answered with `approve`). `remember`: the rule an
   * "Always" answer saves in the user's settings (a command that asks to leave the sandbox).
   */
  z.object({ type: z.literal('approval'), id: z.string(), command: z.string(), reason: z.string(), kind: z.optional(z.enum(['command', 'tool'])), detail: z.optional(z.string()), remember: z.optional(z.string()) }),
  z.object({ type: z.literal('approvalResolved'), id: z.string(), decision }),
  z.object({
    type: z.literal('usage'), totalTokens: z.number(), costUsd: z.optional(z.number()),
    contextTokens: z.number(), contextWindow: z.number(), contextFill: z.number(),
  }),
  /** Progress for the live region ("Step 3 of 100"); with `step`, the view words it in the user's language. */
  z.object({ type: z.literal('status'), text: z.string(), step: z.optional(z.object({ n: z.int(), of: z.int() })) }),
  z.object({ type: z.literal('notice'), level: z.enum(['info', 'warning', 'error']), text: z.string() }),
  z.object({ type: z.literal('end'), kind: z.enum(['finished', 'stopped', 'limitReached', 'error']), text: z.string() }),
  /**
   * Whether a model endpoint is ready (first run): `noEndpoint` (none configured) and `noSelection`
   * (none selected) show one line with the button that fixes it (answered with `setupEndpoint`).
   */
  z.object({ type: z.literal('setup'), endpoint: z.enum(['ready', 'noEndpoint', 'noSelection']), profile: z.optional(z.string()) }),
  mentionItems,
  contextChips,
  insertMentions,
]));

export const chatWebviewMessage = lazySchema(() => z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  /** new: start a task with this text; continue: resume the current task with it as the user's message. */
  z.object({
    type: z.literal('submit'), text: z.string().check(z.minLength(1)), mode: z.enum(['new', 'continue']),
    /** Chips removed for this request; chips pinned for the whole task (keys of `context`). */
    exclude: z.optional(z.array(z.string())), pinned: z.optional(z.array(z.string())),
  }),
  z.object({ type: z.literal('stop') }),
  /** Forget the current task in the view, so the next submit starts a new one. */
  z.object({ type: z.literal('newTask') }),
  z.object({ type: z.literal('approve'), id: z.string(), decision }),
  z.object({ type: z.literal('openReview'), changeSetId: z.string() }),
  z.object({ type: z.literal('showHistory') }),
  /** Resend the last request of the current task (after an error, a stall or Stop) and go on with it. */
  z.object({ type: z.literal('retry') }),
  /** A code block's Copy / Insert at Cursor. */
  z.object({ type: z.literal('copyCode'), text: z.string() }),
  z.object({ type: z.literal('insertCode'), text: z.string() }),
  /** A workspace file reference in the model's text (src/a.ts:12, src/a.ts#L12); line is 1-based. */
  z.object({ type: z.literal('openFile'), path: z.string().check(z.minLength(1)), line: z.optional(z.int()) }),
  /** A web link: opened through VS Code's external-link confirmation. */
  z.object({ type: z.literal('openLink'), url: z.string() }),
  /** The first-run line's button: Add Model Endpoint (or Select Model when endpoints exist but none is selected). */
  z.object({ type: z.literal('setupEndpoint') }),
  /** The input's endpoint picker: switch the model endpoint profile (Forge: Select Model). */
  z.object({ type: z.literal('pickModel') }),
  mentionQuery,
  contextPreview,
  openContext,
  droppedUris,
]));

export type ChatHostMessage = z.infer<typeof chatHostMessage>;
export type ChatWebviewMessage = z.infer<typeof chatWebviewMessage>;
export type ParseResult<T> = { ok: true; message: T } | { ok: false; error: string };

function parseWith<T>(schema: z.ZodMiniType<T>, raw: unknown): ParseResult<T> {
  const r = z.safeParse(schema, raw);
  if (r.success) return { ok: true, message: r.data };
  const type = raw && typeof raw === 'object' && 'type' in raw ? String((raw as { type: unknown }).type) : '?';
  return { ok: false, error: `message "${type}": ${r.error.issues.map((i) => `${i.path.join('.') || '(root)'} ${i.message}`).join('; ')}` };
}

export const parseChatHostMessage = (raw: unknown) => parseWith(chatHostMessage, raw);
export const parseChatWebviewMessage = (raw: unknown) => parseWith(chatWebviewMessage, raw);

/** The argument a tool card shows: the path, pattern or command a call is about. */
export function toolSummary(name: string, args: unknown): string {
  let a = args;
  if (typeof args === 'string') {
    try {
      a = JSON.parse(args);
    } catch {
      return oneLine(args);
    }
  }
  if (!a || typeof a !== 'object') return '';
  const o = a as Record<string, unknown>;
  for (const k of ['path', 'pattern', 'glob', 'command', 'question', 'title', 'dir', 'summary']) {
    if (typeof o[k] === 'string' && o[k]) {
      const extra = name === 'read_file' && typeof o.startLine === 'number' ? `:${o.startLine}${typeof o.endLine === 'number' ? `-${o.endLine}` : ''}` : '';
      return oneLine(`${o[k] as string}${extra}`);
    }
  }
  if (Array.isArray(o.plan)) return `${o.plan.length} steps`;
  return '';
}

function oneLine(s: string, max = 120): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

/** What the chat view shows for one agent event (nothing for reasoning, approvals it asked itself, ...). */
export function toChatMessages(e: AgentEvent): ChatHostMessage[] {
  switch (e.type) {
    case 'started': return [{ type: 'state', running: true, taskId: e.taskId, title: e.task.split('\n')[0]!.slice(0, 80) }];
    case 'step': return [{ type: 'status', text: `Step ${e.step} of ${e.maxSteps}`, step: { n: e.step, of: e.maxSteps } }];
    case 'text': return [{ type: 'text', text: e.text }];
    case 'toolStarted': return [{ type: 'toolStarted', callId: e.callId, name: e.name, summary: toolSummary(e.name, e.args) }];
    case 'toolFinished': return [{ type: 'toolFinished', callId: e.callId, ok: e.ok, output: e.output, durationMs: e.durationMs }];
    case 'planUpdated': return [{ type: 'plan', items: e.plan.map((p) => ({ step: p.step, status: p.status })) }];
    case 'editProgress': return [{ type: 'editProgress', index: e.index, files: e.files }];
    case 'changeSetProposed': {
      const cs = e.changeSet;
      const hunks = cs.files.reduce((n, f) => n + Math.max(1, f.hunks.length), 0);
      return [{ type: 'changeSet', id: cs.id, title: cs.title ?? cs.files.map((f) => f.path).join(', '), files: cs.files.length, hunks }];
    }
    case 'changeSetReviewed':
      return [{ type: 'changeSetReviewed', id: e.changeSetId, accepted: e.acceptedHunks, rejected: e.rejectedHunks, completed: e.outcome.completed, ...(e.outcome.deferred ? { deferred: true } : {}), ...(e.outcome.applyError ? { failed: true } : {}) }];
    case 'commandApproval':
      return e.decision === 'auto' ? [] : [{ type: 'notice', level: e.decision === 'deny' ? 'warning' : 'info', text: e.decision === 'deny' ? l10n.t('Denied: {0}', e.command) : l10n.t('Allowed: {0}', e.command) }];
    case 'usage':
      return [{ type: 'usage', totalTokens: e.total.totalTokens, costUsd: e.total.costUsd, contextTokens: e.contextTokens, contextWindow: e.contextWindow, contextFill: e.contextFill }];
    case 'compacted': return [{ type: 'notice', level: 'info', text: l10n.t('History compacted: {0} → {1} tokens', e.beforeTokens, e.afterTokens) }];
    case 'loopWarning': return [{ type: 'notice', level: 'warning', text: e.message }];
    case 'sandbox': return [{ type: 'notice', level: e.sandboxed ? 'info' : 'warning', text: e.message }];
    case 'stuck': return [{ type: 'notice', level: 'warning', text: e.message }];
    case 'check': return [{ type: 'notice', level: e.result.passed ? 'info' : 'warning', text: e.sentBack ? `${checkLine(e.result)} ${l10n.t('Sent back to the model.')}` : checkLine(e.result) }];
    case 'finished': return [{ type: 'end', kind: 'finished', text: e.summary }];
    case 'stopped': return [{ type: 'end', kind: 'stopped', text: e.message }];
    case 'limitReached': return [{ type: 'end', kind: 'limitReached', text: e.message }];
    case 'error': return [{ type: 'end', kind: 'error', text: e.message }];
    default: return [];
  }
}

/**
 * A stored task's transcript as view messages (Show Task History): the task, the model's text,
 * tool cards, the plan and how it ended. Context packs, summaries and Forge's own nudges are not
 * user messages and are left out.
 */
export function storedTranscript(state: TaskState): ChatHostMessage[] {
  const out: ChatHostMessage[] = [{ type: 'user', text: state.task }];
  const names = new Map<string, string>();
  state.messages.forEach((m, i) => {
    if (m.role === 'user') {
      const internal = i === 0 || m.content.startsWith(END_REVIEW_NOTE) || m.content.startsWith(CHECK_FAILED_NOTE) || m.content === CONTINUE_MESSAGE || m.content.startsWith(CUT_OFF_MESSAGE.slice(0, 40)) || m.content.includes('<summary_of_earlier_work>');
      if (!internal) out.push({ type: 'user', text: m.content.replace(/^The user says: /, '') });
    } else if (m.role === 'assistant') {
      if (m.content) out.push({ type: 'text', text: m.content });
      for (const c of m.toolCalls ?? []) {
        names.set(c.id, c.name);
        out.push({ type: 'toolStarted', callId: c.id, name: c.name, summary: toolSummary(c.name, c.arguments ?? c.argumentsJson) });
      }
    } else if (m.role === 'tool' && names.has(m.toolCallId)) {
      out.push({ type: 'toolFinished', callId: m.toolCallId, output: m.content });
    }
  });
  if (state.plan.length) out.push({ type: 'plan', items: state.plan.map((p) => ({ step: p.step, status: p.status })) });
  if (state.status === 'finished') out.push({ type: 'end', kind: 'finished', text: state.summary ?? '' });
  else {
    const text = state.status === 'running' ? l10n.t('This task was interrupted; reply to continue it.') : l10n.t('This task ended ({0}); reply to continue it.', state.status);
    out.push({ type: 'notice', level: 'info', text });
  }
  return out;
}

export interface ChatViewHtmlOptions {
  cspSource: string;
  nonce: string;
  scriptUri: string;
  styleUri: string;
  codiconUri: string;
  /** The translations of the view's strings (vscode.l10n.bundle) and the document's language. */
  l10n?: Record<string, string>;
  lang?: string;
}

/** The chat view's HTML shell: the same CSP as the review panel (nothing by default, scripts by nonce). */
export function chatViewHtml(o: ChatViewHtmlOptions): string {
  return webviewShellHtml({ ...o, title: 'Forge Chat', rootClass: 'chat-root' });
}
