/**
 * The Terminal port in VS Code: commands run in one reusable "Forge" terminal through shell
 * integration, so the engineer sees them run; the output is read back as plain text (escape
 * sequences stripped, head and tail kept past the cap) with the exit code the shell reports.
 * Timeout and Stop send Ctrl+C. Without shell integration (none within the wait, e.g. cmd.exe or
 * a shell set up against it) or for a command line VS Code cannot track, the command runs as a
 * child process instead (NodeTerminal), and the Forge log says so once. With a sandbox
 * (CommandSandbox), the terminal runs a small script that starts the command in it.
 */
import * as vscode from 'vscode';
import { KEY_ENV_NAMES } from '../../core/policy/commandPolicy';
import { NodeTerminal } from '../../node/nodeTerminal';
import { NodeWorkspace } from '../../node/nodeWorkspace';
import type { ShellSandbox } from '../../node/sandbox/shellSandbox';
import { SCRIPT_HEADER, writeSandboxScript } from '../../node/sandbox/sandboxScript';
import { OutputCap } from '../../core/outputCap';
import type { CommandRequest, CommandResult, SandboxStatus, Terminal } from '../../core/ports';
import { changeDirectoryCommand, quoteForShell, runsInTerminal, sameFolder, shellKind, TerminalTextDecoder } from './terminalText';
import type { VscodeWorkspace } from './vscodeWorkspace';

export interface ShellTerminalOptions {
  /** How long a new terminal may take to report shell integration (ms). */
  integrationWaitMs?: number;
  /** After Ctrl+C, how long the command may take to end before the terminal is thrown away (ms). */
  interruptGraceMs?: number;
  iconPath?: vscode.IconPath;
  /** The command sandbox for the current settings and folders. */
  sandbox: () => ShellSandbox;
  /** The same sandbox once its bubblewrap trial (started at activation, in the background) has answered. */
  ready?: () => Promise<ShellSandbox>;
}

type Outcome = 'ended' | 'timedOut' | 'cancelled' | 'closed';

/** The line the sandbox script prints first (the terminal shows it; the model does not need it). */
const HEADER_LINE = new RegExp(`^\\s*${SCRIPT_HEADER.replace(/[[\]$]/g, '\\$&')}[^\\n]*\\n`);

/** Keeps tools from waiting on a pager or prompting for colours in the agent's terminal. */
const TERMINAL_ENV = { CI: '1', FORCE_COLOR: '0', NO_COLOR: '1', PAGER: 'cat', GIT_PAGER: 'cat' };

/** Forge's key variables (and each profile's apiKeyEnv) are unset in the agent's terminal (null deletes a variable). */
function withoutKeys(): Record<string, null> {
  const profiles = vscode.workspace.getConfiguration('forge').get<unknown[]>('endpoints') ?? [];
  const names = [...KEY_ENV_NAMES, ...(Array.isArray(profiles) ? profiles : []).map((p) => (p as { apiKeyEnv?: unknown })?.apiKeyEnv).filter((n): n is string => typeof n === 'string' && n.length > 0)];
  return Object.fromEntries(names.map((n) => [n, null]));
}

export class ShellTerminal implements Terminal, vscode.Disposable {
  private terminal: vscode.Terminal | undefined;
  /** Where the shell is when it has not reported it: its start folder, or the last folder Forge moved it to. */
  private assumedCwd: string | undefined;
  /** Shell integration did not come: child processes until the terminal settings change. */
  private unsupported = false;
  private noticeLogged = false;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly waitMs: number;
  private readonly graceMs: number;

  constructor(private readonly workspace: VscodeWorkspace, private readonly log: vscode.LogOutputChannel, private readonly opts: ShellTerminalOptions) {
    this.waitMs = opts.integrationWaitMs ?? 8_000;
    this.graceMs = opts.interruptGraceMs ?? 3_000;
    this.subscriptions.push(
      vscode.window.onDidCloseTerminal((t) => {
        if (t === this.terminal) this.terminal = undefined;
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('terminal.integrated')) this.unsupported = false;
      }),
    );
  }

  sandbox(): SandboxStatus {
    return this.opts.sandbox().status();
  }

  /** One command at a time: the terminal has one prompt. */
  run(req: CommandRequest): Promise<CommandResult> {
    const next = this.queue.then(() => this.runNow(req));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async runNow(req: CommandRequest): Promise<CommandResult> {
    const started = Date.now();
    const { folder, rest } = this.workspace.locate(req.cwd);
    const dir = this.workspace.uri(req.cwd);
    if (folder.uri.scheme !== 'file') throw new Error(`${folder.name} is not a local folder; commands cannot run in it.`);
    const sandbox = this.opts.ready ? await this.opts.ready() : this.opts.sandbox();
    const fallback = () => new NodeTerminal(new NodeWorkspace(folder.uri.fsPath), process.env, sandbox).run({ ...req, cwd: rest });
    if (!runsInTerminal(req.command)) {
      this.log.info(`run_command: a multi-line command runs as a child process (VS Code's terminal cannot track it): ${req.command.split('\n')[0]}…`);
      return fallback();
    }
    const cancelled = (): CommandResult => ({ exitCode: null, output: '', timedOut: false, cancelled: true, truncated: false, durationMs: Date.now() - started });
    if (req.signal?.aborted) return cancelled();
    const term = this.unsupported ? undefined : await this.acquire(req.signal);
    if (req.signal?.aborted) return cancelled();
    if (!term) {
      this.fallbackNotice();
      return fallback();
    }
    term.show(true);
    const kind = shellKind(term.state.shell ?? vscode.env.shell);
    if (sandbox.plan.available && req.outsideSandbox !== 'all') return this.runSandboxed(term, sandbox, dir.fsPath, kind, req, started);
    if (!sameFolder(term.shellIntegration!.cwd?.fsPath ?? this.assumedCwd, dir.fsPath, process.platform === 'win32')) {
      const cd = await this.execute(term, changeDirectoryCommand(dir.fsPath, kind), { ...req, maxOutputChars: 2_000 });
      if (cd.outcome !== 'ended' || cd.exitCode !== 0) {
        return { ...this.result(cd, started), exitCode: cd.outcome === 'ended' ? cd.exitCode ?? 1 : null, output: `could not change to ${dir.fsPath}: ${cd.output}` };
      }
      this.assumedCwd = dir.fsPath;
    }
    const ran = Date.now();
    const r = this.result(await this.execute(term, req.command, req), started);
    this.assumedCwd = undefined; // the command itself may have moved the shell
    const how = r.cancelled ? 'cancelled' : r.timedOut ? 'timed out' : `exit ${r.exitCode ?? '?'}`;
    this.log.info(`run_command in the Forge terminal: ${how} after ${Date.now() - ran} ms (${r.durationMs} ms with the terminal's start): ${req.command.slice(0, 80)}`);
    return r;
  }

  /** The command through a script that starts it in the sandbox (its folder set there, not by cd). */
  private async runSandboxed(term: vscode.Terminal, sandbox: ShellSandbox, cwd: string, kind: ReturnType<typeof shellKind>, req: CommandRequest, started: number): Promise<CommandResult> {
    let spec;
    let script;
    try {
      spec = sandbox.spawnSpec(req.command, cwd, TERMINAL_ENV, req.outsideSandbox);
      script = writeSandboxScript(spec, req.command);
    } catch (e) {
      return { exitCode: 126, output: `Forge could not start the sandbox: ${(e as Error).message}`, timedOut: false, cancelled: false, truncated: false, durationMs: Date.now() - started };
    }
    try {
      const r = this.result(await this.execute(term, `sh ${quoteForShell(script.path, kind)}`, req), started);
      this.log.info(`run_command sandboxed in the Forge terminal (${script.path}): exit ${r.exitCode ?? '?'} after ${r.durationMs} ms: ${req.command.slice(0, 80)}`);
      const output = r.output.replace(HEADER_LINE, '');
      return { ...r, output, ...(spec.sandboxed ? { sandboxed: spec.sandboxed } : {}) };
    } finally {
      script.dispose();
    }
  }

  private result(r: Execution, started: number): CommandResult {
    return {
      exitCode: r.outcome === 'ended' ? r.exitCode ?? null : null,
      output: r.output,
      timedOut: r.outcome === 'timedOut',
      cancelled: r.outcome === 'cancelled' || r.outcome === 'closed',
      truncated: r.truncated,
      durationMs: Date.now() - started,
    };
  }

  /** The Forge terminal with shell integration active, creating it if needed; undefined when integration does not come. */
  private async acquire(signal?: AbortSignal): Promise<vscode.Terminal | undefined> {
    const live = this.terminal && this.terminal.exitStatus === undefined ? this.terminal : undefined;
    if (live?.shellIntegration) return live;
    const term = live ?? this.create();
    const ok = await waitForIntegration(term, this.waitMs, signal);
    if (ok) {
      // A new shell reports integration before its first prompt; a command sent then is echoed
      // twice. The prompt reports the working folder: wait for that (briefly).
      if (!live) await waitForPrompt(term, 2000, signal);
      return term;
    }
    if (signal?.aborted) return undefined;
    this.unsupported = true;
    this.log.warn(`run_command: the Forge terminal reported no shell integration within ${this.waitMs / 1000} s (shell: ${term.state.shell ?? vscode.env.shell ?? 'unknown'}).`);
    if (term === this.terminal) this.terminal = undefined;
    term.dispose();
    return undefined;
  }

  private create(): vscode.Terminal {
    const first = vscode.workspace.workspaceFolders?.[0];
    this.assumedCwd = first?.uri.scheme === 'file' ? first.uri.fsPath : undefined;
    this.terminal = vscode.window.createTerminal({
      name: 'Forge',
      cwd: this.assumedCwd,
      iconPath: this.opts.iconPath ?? new vscode.ThemeIcon('tools'),
      env: { ...TERMINAL_ENV, ...withoutKeys() },
      isTransient: true,
    });
    this.terminal.show(true);
    return this.terminal;
  }

  private fallbackNotice(): void {
    if (this.noticeLogged) return;
    this.noticeLogged = true;
    this.log.warn('run_command: commands run as child processes in the workspace (not in a terminal) because the Forge terminal has no shell integration. Check terminal.integrated.shellIntegration.enabled and your shell setup.');
  }

  /**
   * Runs one command line through shell integration: output from execution.read(), the exit
   * code from the end event; timeout and abort send Ctrl+C; closing the terminal cancels.
   */
  private execute(term: vscode.Terminal, commandLine: string, req: CommandRequest): Promise<Execution> {
    return new Promise((resolve) => {
      const decoder = new TerminalTextDecoder();
      const cap = new OutputCap(req.maxOutputChars);
      const execution = term.shellIntegration!.executeCommand(commandLine);
      let streamDone: () => void = () => undefined;
      const drained = new Promise<void>((r) => (streamDone = r));
      void (async () => {
        try {
          for await (const data of execution.read()) cap.push(decoder.push(data));
        } catch (e) {
          this.log.warn(`run_command: reading the terminal failed: ${(e as Error).message}`);
        } finally {
          cap.push(decoder.end());
          streamDone();
        }
      })();
      let outcome: Outcome | undefined;
      let interrupted: Outcome | undefined;
      let exitCode: number | undefined;
      let graceTimer: NodeJS.Timeout | undefined;
      const interrupt = (why: Outcome) => {
        if (outcome || interrupted) return;
        interrupted = why;
        term.sendText('\x03', false);
        // A program that ignores Ctrl+C keeps the terminal busy: give up on this terminal.
        graceTimer = setTimeout(() => {
          if (term === this.terminal) this.terminal = undefined;
          term.dispose();
          void finish(why);
        }, this.graceMs);
      };
      const timer = setTimeout(() => interrupt('timedOut'), req.timeoutMs);
      const onAbort = () => interrupt('cancelled');
      req.signal?.addEventListener('abort', onAbort, { once: true });
      const subs = [
        vscode.window.onDidEndTerminalShellExecution((e) => {
          if (e.execution !== execution) return;
          exitCode = e.exitCode;
          void finish(interrupted ?? 'ended');
        }),
        vscode.window.onDidCloseTerminal((t) => {
          if (t === term) void finish(interrupted ?? 'closed');
        }),
      ];
      const finish = async (how: Outcome) => {
        if (outcome) return;
        outcome = how;
        clearTimeout(timer);
        clearTimeout(graceTimer);
        req.signal?.removeEventListener('abort', onAbort);
        for (const s of subs) s.dispose();
        // The end event can come before the last chunk of the stream (microsoft/vscode#237208).
        await Promise.race([drained, new Promise((r) => setTimeout(r, how === 'ended' ? 1_000 : 200))]);
        resolve({ outcome: how, exitCode, ...cap.result() });
      };
    });
  }

  dispose(): void {
    for (const s of this.subscriptions.splice(0)) s.dispose();
    this.terminal?.dispose();
    this.terminal = undefined;
  }
}

interface Execution {
  outcome: Outcome;
  exitCode: number | undefined;
  output: string;
  truncated: boolean;
}

/** Resolves once the shell's integration reports a working folder (its prompt is drawn), or after waitMs. */
function waitForPrompt(term: vscode.Terminal, waitMs: number, signal?: AbortSignal): Promise<void> {
  if (term.shellIntegration?.cwd) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      sub.dispose();
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, waitMs);
    const sub = vscode.window.onDidChangeTerminalShellIntegration((e) => {
      if (e.terminal === term && e.shellIntegration.cwd) done();
    });
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** Resolves true once the terminal reports shell integration, false after waitMs, on abort, or if it closes. */
function waitForIntegration(term: vscode.Terminal, waitMs: number, signal?: AbortSignal): Promise<boolean> {
  if (term.shellIntegration) return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (ok: boolean) => {
      clearTimeout(timer);
      subs.forEach((s) => s.dispose());
      signal?.removeEventListener('abort', onAbort);
      resolve(ok);
    };
    const onAbort = () => done(false);
    const timer = setTimeout(() => done(!!term.shellIntegration), waitMs);
    const subs = [
      vscode.window.onDidChangeTerminalShellIntegration((e) => {
        if (e.terminal === term) done(true);
      }),
      vscode.window.onDidCloseTerminal((t) => {
        if (t === term) done(false);
      }),
    ];
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
