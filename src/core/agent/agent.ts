/**
 * The agent loop: run(task, { signal }) -> AsyncIterable<AgentEvent>. Each step sends the stable
 * system prompt plus the append-only conversation to the model, runs the tool calls it makes
 * (through the ports), and appends their results, until the model calls finish or a limit, the
 * loop guard, Stop or an error ends the task. History is compacted before the context fills.
 */
import { buildContextPack, formatMentions, formatRules, type ContextSection } from '../context/contextPack';
import { IgnoreRules } from '../context/ignoreRules';
import { JsSearcher } from '../context/jsSearcher';
import { PathGuard } from '../context/pathGuard';
import type { ChatMessage, ModelClient, ToolCall } from '../model/modelClient';
import { isModelError } from '../model/modelError';
import { addUsage, estimatePromptTokens } from '../model/usage';
import type { Approval, AskUser, Clock, Diagnostics, Log, Outliner, Searcher, Storage, Terminal, Workspace, WorkspaceEvents } from '../ports';
import { builtinRegistry } from '../tools/index';
import type { ToolRegistry } from '../tools/registry';
import type { ToolContext, ToolNotice, ToolState } from '../tools/tool';
import type { ShellParser } from '../policy/shellSyntax';
import { DEFAULT_COMMAND_ALLOWLIST, KEY_ENV_NAMES } from '../policy/commandPolicy';
import { SecretRedactor } from '../context/redaction';
import { compact } from './compaction';
import { checkFailedMessage, checkLine, runCheck, type TaskCheck } from './finishCheck';
import type { ModelRequestRecord } from './requestDump';
import { ContextWindow } from './contextWindow';
import { eventStream, type AgentEvent } from './events';
import { LOOP_WARNING, LoopGuard, repeatWarning } from './loopGuard';
import { modelTurn, type TurnResult } from './modelTurn';
import { CONTINUE_MESSAGE, CUT_OFF_MESSAGE, END_REVIEW_NOTE, SYSTEM_PROMPT } from './prompts';
import { reviewWorkingCopy } from './workingCopy';
import { closeDanglingCalls, fromStored, newTaskState, toStored, type TaskState } from './taskState';

export interface AgentDeps {
  model: ModelClient;
  /** The `summarize` role's client for compaction (default: model). */
  summarizer?: ModelClient;
  workspace: Workspace;
  approval: Approval;
  searcher?: Searcher;
  terminal?: Terminal;
  diagnostics?: Diagnostics;
  outliner?: Outliner;
  /** Reads command lines for the command policy (tree-sitter-bash); without it every command asks. */
  shellParser?: ShellParser;
  askUser?: AskUser;
  storage?: Storage;
  log?: Log;
  clock?: Clock;
  tools?: ToolRegistry;
  /** What the engineer did outside the task (reverts); told to the model before its next request. */
  events?: WorkspaceEvents;
  /** The task's check command, run when the model finishes (check before done). */
  check?: TaskCheck;
  /** Sees each model request as it goes out (Forge: Show Request). */
  onRequest?: (request: ModelRequestRecord) => void;
}

export interface AgentOptions {
  /** Model turns per task (across resumes). Default 100. */
  maxSteps?: number;
  /** Stop when the task's cost reaches this (USD; needs prices in the profile). */
  maxCostUsd?: number;
  /**
   * The context window the prompt must fit (tokens). The window the server reports serving is used
   * when it is smaller or this is unset; 128k when neither is known.
   */
  contextTokens?: number;
  /** Compact when the prompt would exceed this fraction of contextTokens. Default 0.75. */
  compactAt?: number;
  /** Fraction of contextTokens the recent turns keep through compaction. Default 0.3. */
  keepRecent?: number;
  /** Token budget of the first turn's context pack. Default min(8000, 10% of the window). */
  contextPackTokens?: number;
  maxOutputTokens?: number;
  commandAllowlist?: string[];
  /** Environment variables that hold keys (FORGE_API_KEY, a profile's apiKeyEnv): a command expanding one asks. */
  secretEnvNames?: string[];
  /** Secret values (the API key): replaced in every tool result, with the workspace's .env values. */
  secretValues?: string[];
  commandTimeoutMs?: number;
  maxToolOutputChars?: number;
  /**
   * `each` (default): every proposal is reviewed before it touches disk. `end`: proposals are
   * written to the working copy and the task's whole change set is reviewed when it ends (needs
   * an Approval with applyWorking and reviewApplied; otherwise `each`).
   */
  review?: 'each' | 'end';
}

export interface RunOptions {
  signal?: AbortSignal;
  /** Task id (default: generated). */
  taskId?: string;
  /** Extra first-turn context from the host: active editor, selection, problems, git status ... */
  context?: ContextSection[];
  /** What the user @-mentioned (resolved): sent in full after the task. */
  mentions?: ContextSection[];
  /** Context pinned for the whole task: kept verbatim through compaction. */
  pinned?: ContextSection[];
}

let seq = 0;

export class Agent {
  private readonly tools: ToolRegistry;
  private readonly o: Required<Omit<AgentOptions, 'maxCostUsd' | 'maxOutputTokens' | 'review' | 'secretValues'>> & Pick<AgentOptions, 'maxCostUsd' | 'maxOutputTokens' | 'review' | 'secretValues'>;
  private readonly now: () => number;
  private readonly paths: PathGuard;
  private readonly searcher: Searcher;
  /** The window learned from the server (once per agent) and narrowed by its refusals. */
  private window?: ContextWindow;

  constructor(private readonly deps: AgentDeps, private readonly options: AgentOptions = {}) {
    this.tools = deps.tools ?? builtinRegistry();
    this.o = {
      maxSteps: 100, contextTokens: 0, compactAt: 0.75, keepRecent: 0.3, contextPackTokens: 0,
      commandAllowlist: DEFAULT_COMMAND_ALLOWLIST, secretEnvNames: [...KEY_ENV_NAMES], commandTimeoutMs: 120_000, maxToolOutputChars: 20_000, ...options,
    };
    this.now = deps.clock ? () => deps.clock!.now() : Date.now;
    this.paths = new PathGuard(deps.workspace);
    this.searcher = deps.searcher ?? new JsSearcher(deps.workspace, this.paths.ignore);
  }

  run(task: string, opts: RunOptions = {}): AsyncIterable<AgentEvent> {
    return eventStream(async (emit, signal) => {
      const id = opts.taskId ?? `task-${this.now().toString(36)}-${(seq++).toString(36)}`;
      const state = newTaskState(id, task, this.now());
      // Notes about earlier tasks' work do not concern a new task.
      this.deps.events?.drain();
      emit({ type: 'started', taskId: id, task, resumed: false });
      const window = await this.learnWindow(signal);
      try {
        const budgetTokens = this.options.contextPackTokens ?? Math.min(8000, Math.floor(window.tokens * 0.1));
        const pack = await buildContextPack({ task, workspace: this.deps.workspace, rules: this.paths.ignore, budgetTokens, extra: opts.context, mentions: opts.mentions, signal });
        state.pinned.rules = formatRules(pack.rules);
        if (opts.pinned?.length) state.pinned.context = formatMentions(opts.pinned);
        state.messages.push({ role: 'user', content: pack.message });
      } catch (e) {
        return this.end(state, emit, { type: 'error', message: `Could not read the workspace: ${(e as Error).message}` });
      }
      await this.drive(state, signal, emit, { steps: this.o.maxSteps, costUsd: this.o.maxCostUsd });
    }, opts.signal);
  }

  /**
   * Continues a stored task (after a restart, a Stop, a limit), optionally with a new message from
   * the user. `retry`: when the model has not answered the last request (an error, a stall, Stop),
   * that request is sent again as it was, with no message added.
   */
  resume(taskId: string, opts: { signal?: AbortSignal; message?: string; extraSteps?: number; retry?: boolean; mentions?: ContextSection[]; pinned?: ContextSection[] } = {}): AsyncIterable<AgentEvent> {
    return eventStream(async (emit, signal) => {
      let state: TaskState;
      try {
        const stored = await this.deps.storage?.loadTask(taskId);
        if (!stored) {
          emit({ type: 'error', message: `There is no saved task "${taskId}" to resume.` });
          return;
        }
        state = fromStored(stored);
      } catch (e) {
        // A damaged task file: what is wrong and where, for the user to fix or delete.
        emit({ type: 'error', message: (e as Error).message });
        return;
      }
      emit({ type: 'started', taskId, task: state.task, resumed: true });
      await this.learnWindow(signal);
      closeDanglingCalls(state.messages);
      const unanswered = state.messages.at(-1)?.role !== 'assistant';
      if (!(opts.retry && unanswered && !opts.message?.trim())) {
        const message = opts.message?.trim() || CONTINUE_MESSAGE;
        if (opts.message?.trim()) state.pinned.lastUserMessage = message;
        const mentioned = opts.mentions?.length ? `\n\n${formatMentions(opts.mentions)}` : '';
        state.messages.push({ role: 'user', content: `${message}${mentioned}` });
      }
      // Chips pinned with this message join the task's pinned context.
      const pins = (opts.pinned ?? []).map((p) => formatMentions([p])).filter((b) => !state.pinned.context?.includes(b));
      if (pins.length) state.pinned.context = [state.pinned.context, ...pins].filter(Boolean).join('\n');
      state.status = 'running';
      state.summary = undefined;
      // A task stopped by a budget gets a fresh allowance: extraSteps more steps, maxCostUsd more spend.
      const steps = state.steps >= this.o.maxSteps ? state.steps + (opts.extraSteps ?? 20) : this.o.maxSteps;
      const spent = state.usage.costUsd ?? 0;
      const max = this.o.maxCostUsd;
      await this.drive(state, signal, emit, { steps, costUsd: max !== undefined && spent >= max ? spent + max : max });
    }, opts.signal);
  }

  /** /compact: summarises a stored task's history now (pinned state verbatim), without a model turn. */
  compactNow(taskId: string, opts: { signal?: AbortSignal } = {}): AsyncIterable<AgentEvent> {
    return eventStream(async (emit, signal) => {
      const stored = await this.deps.storage?.loadTask(taskId);
      if (!stored) return emit({ type: 'error', message: `There is no saved task "${taskId}" to compact.` });
      const state = fromStored(stored);
      await this.learnWindow(signal);
      closeDanglingCalls(state.messages);
      const before = await estimatePromptTokens([{ role: 'system', content: SYSTEM_PROMPT }, ...state.messages], this.tools.definitions());
      // Keep only the last exchange: the user asked to make room.
      const after = await this.compact(state, 'user', before, signal, emit, 1);
      if (after === undefined) emit({ type: 'loopWarning', tool: 'compact', message: 'Nothing to compact yet: the history is as short as it gets.' });
    }, opts.signal);
  }

  /** The task's window: the configured one, or the smaller one the server says it serves. */
  private async learnWindow(signal?: AbortSignal): Promise<ContextWindow> {
    if (!this.window) {
      const served = await this.deps.model.contextWindow?.(signal).catch(() => undefined);
      this.window = ContextWindow.from(this.options.contextTokens, served);
    }
    return this.window;
  }

  private async end(state: TaskState, emit: (e: AgentEvent) => void, final: Extract<AgentEvent, { type: 'finished' | 'stopped' | 'limitReached' | 'error' }>): Promise<void> {
    state.status = final.type === 'finished' ? 'finished' : final.type === 'limitReached' ? 'limit' : final.type === 'error' ? 'error' : 'stopped';
    if (final.type === 'finished') state.summary = final.summary;
    await this.save(state);
    if (state.working && Object.keys(state.working).length > 0 && this.deps.approval.reviewApplied) {
      // However the task ended, what it wrote into the files is reviewed now.
      const note = await reviewWorkingCopy(state.working, `${state.id}-review-${state.steps}`, `Task: ${state.task.split('\n')[0].slice(0, 80)}`, {
        workspace: this.deps.workspace, approval: this.deps.approval, notify: emit,
      }).catch((e: Error) => `${END_REVIEW_NOTE}it failed (${e.message}); the files hold the task's changes.`);
      if (note) state.messages.push({ role: 'user', content: note });
      await this.save(state);
    }
    emit(final);
  }

  private async save(state: TaskState): Promise<void> {
    try {
      await this.deps.storage?.saveTask(toStored(state, this.now()));
    } catch (e) {
      this.deps.log?.warn(`Forge could not save task ${state.id}: ${(e as Error).message}`);
    }
  }

  private async drive(state: TaskState, signal: AbortSignal | undefined, emit: (e: AgentEvent) => void, limits: { steps: number; costUsd?: number }): Promise<void> {
    const defs = this.tools.definitions();
    const guard = new LoopGuard();
    const toolState: ToolState = {
      plan: state.plan, changedFiles: state.changedFiles, allowedCommands: state.allowedCommands, allowedTools: (state.allowedTools ??= []),
      commandAllowlist: this.o.commandAllowlist, secretEnvNames: this.o.secretEnvNames, secretReadsAllowed: [],
      commandTimeoutMs: this.o.commandTimeoutMs, maxOutputChars: this.o.maxToolOutputChars,
      working: this.o.review === 'end' && this.deps.approval.applyWorking && this.deps.approval.reviewApplied ? (state.working ??= {}) : undefined,
    };
    // Hunks the engineer left undecided, per change set (a finished task says so).
    const undecided = new Map<string, number>();
    const notify = (n: ToolNotice) => {
      if (n.type === 'planUpdated') state.plan = n.plan;
      if (n.type === 'changeSetReviewed') undecided.set(n.changeSetId, n.outcome.files.reduce((k, f) => k + f.decisions.filter((d) => d.pending).length, 0));
      if (n.type === 'changeSetReviewed' && n.changedFiles.some((p) => /(^|\/)\.(git|forge)ignore$/.test(p))) this.paths.ignore.invalidate();
      emit(n);
    };
    let redactor: SecretRedactor | undefined;
    const ctx: ToolContext = {
      workspace: this.deps.workspace, paths: this.paths, ignore: this.paths.ignore, searcher: this.searcher,
      approval: this.deps.approval, terminal: this.deps.terminal, diagnostics: this.deps.diagnostics, outliner: this.deps.outliner,
      shellParser: this.deps.shellParser,
      askUser: this.deps.askUser, log: this.deps.log, signal, state: toolState, notify,
    };
    const cancelled = () => this.end(state, emit, { type: 'stopped', reason: 'cancelled', message: 'Stopped by the user.' });
    let checkTries = 0;
    for (;;) {
      if (signal?.aborted) return cancelled();
      if (state.steps >= limits.steps) {
        return this.end(state, emit, { type: 'limitReached', limit: 'steps', message: `Stopped after ${state.steps} steps (the step budget). The task can be continued.` });
      }
      if (limits.costUsd !== undefined && (state.usage.costUsd ?? 0) >= limits.costUsd) {
        return this.end(state, emit, { type: 'limitReached', limit: 'cost', message: `Stopped at $${(state.usage.costUsd ?? 0).toFixed(4)} (the cost budget is $${limits.costUsd}). The task can be continued.` });
      }
      const notes = this.deps.events?.drain() ?? [];
      if (notes.length > 0) state.messages.push({ role: 'user', content: notes.join('\n\n') });
      state.steps++;
      emit({ type: 'step', step: state.steps, maxSteps: limits.steps });
      let turn: TurnResult;
      try {
        turn = await this.request(state, defs, signal, emit);
      } catch (e) {
        if (signal?.aborted || (isModelError(e) && e.kind === 'cancelled')) return cancelled();
        const me = isModelError(e) ? e : undefined;
        return this.end(state, emit, { type: 'error', message: me?.message ?? `Forge failed: ${(e as Error).message}`, kind: me?.kind, fix: me?.fix });
      }
      state.messages.push({ role: 'assistant', content: turn.text || null, ...(turn.toolCalls.length ? { toolCalls: turn.toolCalls } : {}) });
      if (turn.toolCalls.length === 0) {
        if (turn.finishReason === 'length') {
          state.messages.push({ role: 'user', content: CUT_OFF_MESSAGE });
          await this.save(state);
          continue;
        }
        const summary = turn.text.trim() || '(The model ended without a summary.)';
        const checked = await this.checkBeforeDone(state, checkTries++, signal, emit);
        if (signal?.aborted) return cancelled();
        if (checked === 'again') continue;
        return this.end(state, emit, { type: 'finished', summary: withUndecided(checked ? `${summary}\n\n${checked}` : summary, undecided) });
      }
      let tripped: ToolCall | undefined;
      for (const call of turn.toolCalls) {
        if (signal?.aborted) {
          state.messages.push({ role: 'tool', toolCallId: call.id, name: call.name, content: 'Not run: the user stopped the task.' });
          continue;
        }
        emit({ type: 'toolStarted', callId: call.id, name: call.name, args: call.arguments ?? call.argumentsJson });
        const t0 = this.now();
        const result = await this.tools.execute(call, ctx);
        redactor ??= await SecretRedactor.forWorkspace(this.deps.workspace, this.o.secretValues ?? []);
        let content = capOutput(redactor.redact(result.content), this.o.maxToolOutputChars);
        const verdict = guard.record(call, !!result.isError);
        if (verdict === 'warn' || verdict === 'repeat') {
          const warning = verdict === 'warn' ? LOOP_WARNING : repeatWarning(guard.repeats);
          content += `\n\n${warning}`;
          emit({ type: 'loopWarning', tool: call.name, message: warning });
        } else if (verdict === 'trip') tripped = call;
        state.messages.push({ role: 'tool', toolCallId: call.id, name: call.name, content });
        emit({ type: 'toolFinished', callId: call.id, name: call.name, ok: !result.isError, output: content, durationMs: this.now() - t0 });
      }
      state.plan = toolState.plan;
      await this.save(state);
      if (signal?.aborted) return cancelled();
      if (toolState.finished) {
        const checked = await this.checkBeforeDone(state, checkTries++, signal, emit);
        if (signal?.aborted) return cancelled();
        if (checked === 'again') {
          toolState.finished = undefined;
          continue;
        }
        return this.end(state, emit, { type: 'finished', summary: withUndecided(checked ? `${toolState.finished.summary}\n\n${checked}` : toolState.finished.summary, undecided) });
      }
      if (tripped) {
        const message = `Forge is stuck: it repeated the same failing ${tripped.name} call three times.`;
        emit({ type: 'stuck', message });
        const answer = this.deps.askUser ? await this.deps.askUser.ask(`${message} How should it go on? (Leave empty to stop the task.)`, { signal }) : null;
        if (!answer?.trim()) return this.end(state, emit, { type: 'stopped', reason: 'loop', message: `${message} The task was stopped; continue it with new guidance.` });
        guard.reset();
        state.pinned.lastUserMessage = answer.trim();
        state.messages.push({ role: 'user', content: `The user says: ${answer.trim()}` });
      }
    }
  }

  /**
   * Runs the task's check (if any) when the model finishes: 'again' when its failure went back to
   * the model (the first time), else the line for the summary ('' without a check).
   */
  private async checkBeforeDone(state: TaskState, tries: number, signal: AbortSignal | undefined, emit: (e: AgentEvent) => void): Promise<string> {
    if (!this.deps.check || signal?.aborted) return '';
    const r = await runCheck(this.deps.check, tries + 1, this.now(), signal);
    (state.checks ??= []).push(r);
    const sentBack = !r.passed && tries === 0 && !signal?.aborted;
    emit({ type: 'check', result: r, sentBack });
    if (sentBack) {
      state.messages.push({ role: 'user', content: checkFailedMessage(r) });
      await this.save(state);
      return 'again';
    }
    return checkLine(r);
  }

  /**
   * One model request. The history is compacted first when the prompt nears the budget, and once
   * more when the server refuses it as too long; a prompt that compaction cannot make smaller than
   * the window is never sent: the task ends with an explanation instead.
   */
  private async request(state: TaskState, defs: ReturnType<ToolRegistry['definitions']>, signal: AbortSignal | undefined, emit: (e: AgentEvent) => void): Promise<TurnResult> {
    const window = this.window ?? (await this.learnWindow(signal));
    const estimate = () => estimatePromptTokens([{ role: 'system', content: SYSTEM_PROMPT }, ...state.messages], defs);
    let size = await estimate();
    if (window.serverTokens(size) > window.tokens * this.o.compactAt) {
      size = (await this.compact(state, 'budget', size, signal, emit)) ?? size;
      if (!window.fits(size)) throw window.tooSmall(size, state.messages.length > 1);
    }
    for (let attempt = 0; ; attempt++) {
      const messages: ChatMessage[] = [{ role: 'system', content: SYSTEM_PROMPT }, ...state.messages];
      this.deps.onRequest?.({ messages, tools: defs });
      try {
        const turn = await modelTurn(this.deps.model, { messages, tools: defs, toolChoice: 'auto', signal, maxOutputTokens: this.o.maxOutputTokens }, emit);
        const usage = turn.usage ?? { promptTokens: size, completionTokens: 0, cachedTokens: 0, totalTokens: size, estimated: true };
        addUsage(state.usage, usage);
        state.lastPromptTokens = usage.promptTokens;
        emit({ type: 'usage', request: usage, total: { ...state.usage }, contextTokens: usage.promptTokens, contextWindow: window.tokens, contextFill: usage.promptTokens / window.tokens });
        return turn;
      } catch (e) {
        if (!isModelError(e) || e.kind !== 'contextLength' || signal?.aborted) throw e;
        const refusal = e as { limitTokens?: number; requestedTokens?: number };
        window.refused(refusal.limitTokens, refusal.requestedTokens, size);
        if (attempt > 0) throw window.tooSmall(size, true);
        // Keep much less of the recent history: what fits in half of the usable window, in Forge's estimate.
        const keep = Math.floor((window.tokens * this.o.compactAt) / window.scale * this.o.keepRecent);
        const after = await this.compact(state, 'contextLengthError', size, signal, emit, keep);
        if (after === undefined || !window.fits(after)) throw window.tooSmall(after ?? size, after !== undefined);
        size = after;
      }
    }
  }

  /** Compacts the history; the new size (estimated tokens), or undefined when it would not make the prompt smaller (nothing changes then). */
  private async compact(state: TaskState, reason: 'budget' | 'contextLengthError' | 'user', before: number, signal: AbortSignal | undefined, emit: (e: AgentEvent) => void, keepTokens?: number): Promise<number | undefined> {
    const window = this.window!;
    const r = await compact({
      messages: state.messages,
      pinned: { ...state.pinned, plan: state.plan, changedFiles: state.changedFiles },
      summarizer: this.deps.summarizer ?? this.deps.model,
      keepRecentTokens: keepTokens ?? Math.floor(window.tokens * this.o.keepRecent / window.scale),
      summarizerInputTokens: Math.floor(window.tokens * 0.6 / window.scale),
      signal,
    });
    if (!r) return undefined;
    const after = await estimatePromptTokens([{ role: 'system', content: SYSTEM_PROMPT }, ...r.messages], this.tools.definitions());
    if (after >= before) return undefined;
    state.messages = r.messages;
    state.compactions++;
    emit({ type: 'compacted', reason, beforeTokens: before, afterTokens: after, summarizedMessages: r.summarized });
    await this.save(state);
    return after;
  }
}

/** A finished task never hides hunks still waiting for the engineer. */
function withUndecided(summary: string, undecided: ReadonlyMap<string, number>): string {
  const n = [...undecided.values()].reduce((a, b) => a + b, 0);
  return n === 0 ? summary : `${summary}\n\n${n} proposed hunk${n === 1 ? ' is' : 's are'} still undecided (not applied): Forge: Show Pending Changes reopens the review.`;
}

function capOutput(text: string, max: number): string {
  if (text.length <= max) return text;
  const head = Math.floor(max * 0.6);
  const tail = max - head;
  return `${text.slice(0, head)}\n[... ${text.length - max} characters cut ...]\n${text.slice(-tail)}`;
}
