/**
 * What a host (VS Code, the CLI, a test) must provide to the core. The core only talks to the
 * outside world through these interfaces; it never writes to disk itself.
 */
import type { ChangeSet, HunkDecision } from './edits/changeSet/changeSet';

export interface FileStat {
  type: 'file' | 'directory';
  size: number;
  mtimeMs: number;
}

export interface Workspace {
  /** Workspace-relative paths with forward slashes. Text is decoded UTF-8 (a BOM is kept as U+FEFF). */
  readText(path: string): Promise<string>;
  /** null when the path does not exist. */
  stat(path: string): Promise<FileStat | null>;
  /** `symlink` marks entries reached through a symbolic link (walkers do not descend into those folders). */
  list(dir: string): Promise<{ name: string; type: 'file' | 'directory'; symlink?: boolean }[]>;
  /**
   * The workspace-relative path a path really names once symbolic links are followed, or null when
   * it leads outside every workspace root. A path that does not exist yet resolves through its
   * deepest existing ancestor. Hosts without symbolic links may omit it.
   */
  realPath?(path: string): Promise<string | null>;
  /**
   * Every file the workspace's .gitignore rules keep (workspace-relative, sorted), listed fast (git or
   * ripgrep); null when the host cannot. The core still applies .forgeignore. Optional: the core walks list().
   */
  listFiles?(signal?: AbortSignal): Promise<string[] | null>;
  /** Workspace-relative files matching a glob (the core filters ignore rules again). Optional: the core walks list(). */
  findFiles?(glob: string, options?: { maxResults?: number; signal?: AbortSignal }): Promise<string[]>;
}

/** One text search over the workspace (search_text). */
export interface SearchQuery {
  pattern: string;
  /** Default false: the pattern is literal text. */
  isRegex?: boolean;
  /** Default false. */
  caseSensitive?: boolean;
  /** Only files matching this glob (workspace-relative, e.g. "src/**\/*.ts"). */
  include?: string;
  maxResults: number;
}

export interface SearchMatch {
  path: string;
  /** 1-based. */
  line: number;
  text: string;
}

export interface SearchResult {
  matches: SearchMatch[];
  /** True when more matches exist than maxResults. */
  truncated: boolean;
}

/** Text search (ripgrep in the hosts, a pure-JS fallback in the core). Must skip ignored and secret files. */
export interface Searcher {
  search(query: SearchQuery, signal?: AbortSignal): Promise<SearchResult>;
}

export interface CommandRequest {
  command: string;
  /** Workspace-relative folder ('' or '.' = the root). */
  cwd: string;
  timeoutMs: number;
  /** Output beyond this many characters is cut (head and tail kept). */
  maxOutputChars: number;
  signal?: AbortSignal;
  /**
   * Leave the sandbox for this command (the user approved it): 'network' keeps the filesystem
   * sandbox but gives the command the network; 'all' runs it without any sandbox.
   */
  outsideSandbox?: 'network' | 'all';
}

export interface CommandResult {
  /** null when the process was killed (timeout, cancel) or ended by a signal. */
  exitCode: number | null;
  /** stdout and stderr interleaved as they arrived. */
  output: string;
  timedOut: boolean;
  cancelled: boolean;
  /** True when output was cut to maxOutputChars. */
  truncated: boolean;
  durationMs: number;
  /** Set when the command ran in the OS sandbox: whether it had the network. */
  sandboxed?: { network: boolean };
}

/**
 * How a host runs commands: in an OS sandbox (the workspace writable, secrets hidden, network
 * as set), or not. Without one, every command asks unless the user turned that off (`unsafe`).
 */
export type SandboxStatus =
  | {
    sandboxed: true; network: boolean; /** One sentence: what the sandbox allows. */ summary: string; /** forge.sandbox.mode is "required": never leave it entirely. */ required: boolean;
    /** The user's rules for leaving it without a question ("network: LINE", "all: LINE"; policy/outsideSandboxRules.ts). */ allowOutside?: readonly string[];
  }
  | { sandboxed: false; /** Why there is no sandbox (one sentence). */ reason: string; /** forge.sandbox.mode is "required": commands must not run. */ required: boolean; /** forge.sandbox.allowUnsandboxedCommands is on. */ unsafe: boolean };

/** Runs shell command lines in the workspace (VS Code terminal, child_process in the CLI). */
export interface Terminal {
  /** Set when commands cannot run here now (VS Code's Restricted Mode): the sentence the model is told. */
  readonly unavailable?: string;
  run(request: CommandRequest): Promise<CommandResult>;
  /** Whether commands run sandboxed. A host that omits it is treated as unsandboxed. */
  sandbox?(): SandboxStatus;
}

export interface Diagnostic {
  path: string;
  /** 1-based. */
  line: number;
  column: number;
  severity: 'error' | 'warning' | 'info' | 'hint';
  message: string;
  source?: string;
}

/** The host's problems list (VS Code diagnostics). */
export interface Diagnostics {
  /** Diagnostics of one file, or of the whole workspace when path is undefined. */
  get(path?: string): Promise<Diagnostic[]>;
}

export interface OutlineSymbol {
  /** class, function, method, interface, type, enum, struct, ... */
  kind: string;
  name: string;
  /** The declaration's first line, trimmed (a signature). */
  signature: string;
  /** 1-based, inclusive. */
  startLine: number;
  endLine: number;
  /** Nesting depth (0 = top level). */
  depth: number;
}

/** The symbols of a file (tree-sitter in the core/CLI, document symbols in VS Code). */
export interface Outliner {
  /** null when the file's language is not supported. */
  outline(path: string, text: string): Promise<OutlineSymbol[] | null>;
}

/** Asks the user a question in the middle of a task. */
export interface AskUser {
  /** The user's answer, or null when there was none (dismissed, cancelled, headless). */
  ask(question: string, options?: { choices?: string[]; signal?: AbortSignal }): Promise<string | null>;
}

/** A task as persisted, so it can be listed and resumed. The agent owns the record's meaning. */
export interface StoredTask {
  id: string;
  title: string;
  createdAt: number;
  updatedAt: number;
  /** JSON-serialisable state (transcript, plan, usage, ...), versioned by the agent. */
  state: unknown;
}

/** Durable key-value storage for tasks (VS Code: workspace storage; CLI: a folder of JSON files). */
export interface Storage {
  saveTask(task: StoredTask): Promise<void>;
  loadTask(id: string): Promise<StoredTask | null>;
  /** Newest first; without `state`, for history lists. */
  listTasks(): Promise<Omit<StoredTask, 'state'>[]>;
}

/** The user's decisions on one change set, per file path and hunk index, with optional reasons. */
export interface ReviewOutcome {
  changeSetId: string;
  files: {
    path: string;
    /**
     * `pending`: the user left the hunk undecided (it stays in their review, reopenable); `decision`
     * is then what disk holds for it (a proposal: not written; review mode `end`: still in the file).
     */
    /** decidedAt: when the user decided the hunk (epoch ms), where the host knows it. */
    decisions: { hunkIndex: number; decision: HunkDecision; reason?: string; pending?: boolean; decidedAt?: number }[];
  }[];
  /** False when the review was dismissed without a decision. */
  completed: boolean;
  /** Set when the accepted hunks could not be applied (e.g. a file changed on disk meanwhile); nothing was applied. */
  applyError?: string;
  /** Review mode `end`: the hunks were written to the working copy and are reviewed when the task ends. */
  deferred?: boolean;
}

/**
 * once: run it this time; always: also auto-approve this exact command line for the rest of the
 * task; remember: as always, and the host has saved `info.remember` as a standing rule (offered
 * only when the question carries one: a command that asks to leave the sandbox).
 */
export type CommandApproval = 'once' | 'always' | 'remember' | 'deny';

export interface Approval {
  reviewChangeSet(changeSet: ChangeSet, signal?: AbortSignal): Promise<ReviewOutcome>;
  /** Asked before a command line that the allowlist does not cover. Missing: such commands are denied. */
  approveCommand?(command: string, info: { reason: string; cwd: string; signal?: AbortSignal; /** The rule an "Always" answer saves (forge.sandbox.allowOutside); only for leaving the sandbox. */ remember?: string }): Promise<CommandApproval>;
  /**
   * Asked before a tool call that settings do not approve in advance (an MCP tool, or a read-only
   * tool while forge.agent.autoApproveReadOnlyTools is off); argsJson is the call's arguments.
   * 'always' approves this tool for the rest of the task. Missing: such calls are refused.
   */
  approveTool?(toolName: string, argsJson: string, info: { reason: string; signal?: AbortSignal }): Promise<CommandApproval>;
  /** Asked before a secret-looking file (.env, *.pem, ...) is read. Missing: such reads are refused. */
  approveSecretRead?(path: string, signal?: AbortSignal): Promise<boolean>;
  /**
   * Review mode `end`: writes a change set into the files now (all or nothing, the previous bytes
   * checkpointed) so the agent can run its checks against it. `bases` are the texts the change set
   * was located in. A host without it (or without reviewApplied) reviews every proposal instead.
   */
  applyWorking?(changeSet: ChangeSet, bases: ReadonlyMap<string, string | null>, signal?: AbortSignal): Promise<{ ok: true } | { ok: false; error: string }>;
  /**
   * Review mode `end`: the task's changes, already in the files, reviewed at the end. `bases` are
   * the texts before the task wrote them: rejecting a hunk puts its base lines back exactly.
   * Hunks left undecided stay in the files.
   */
  reviewApplied?(changeSet: ChangeSet, bases: ReadonlyMap<string, string | null>, signal?: AbortSignal): Promise<ReviewOutcome>;
}

/**
 * What the engineer did to the task's work outside the task (for example, reverted hunks Forge had
 * written). The agent drains it before each model request and tells the model, so it never builds
 * on text that is no longer in the files.
 */
export interface WorkspaceEvents {
  /** The notes gathered since the last call (each a self-contained sentence or paragraph). */
  drain(): string[];
}

export interface Log {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface Clock {
  now(): number;
}

/** A workspace symbol (VS Code's workspace symbol providers). */
export interface SymbolHit {
  name: string;
  /** function, class, method, ... */
  kind: string;
  path: string;
  /** 1-based, inclusive. */
  startLine: number;
  endLine: number;
  container?: string;
}

/**
 * What @-mentions read beyond files: each optional; a mention whose source the host lacks says so.
 * The terminal answers with a sentence when it cannot (no shell integration, no command yet).
 */
export interface MentionSources {
  symbols?(query: string, signal?: AbortSignal): Promise<SymbolHit[]>;
  /** `git diff HEAD` (or `--cached`); null when the workspace is not a git repository. */
  changes?(staged: boolean): Promise<string | null>;
  /** The active editor's selection; null when nothing is selected. */
  selection?(): Promise<{ path: string; startLine: number; endLine: number; text: string } | null>;
  terminalOutput?(): Promise<{ command: string; output: string } | string>;
}
