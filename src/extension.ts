/**
 * Forge's entry point: builds the adapters and registers commands and views. Wiring only.
 */
import * as vscode from 'vscode';
import { ChangeSetsView } from './vscode/review/changeSetsView';
import { setDefaultWasmDir } from './core/edits/check/syntaxCheck';
import { commandTable, registerCommands } from './vscode/commands';
import { ProposalDocuments } from './vscode/review/proposalDocuments';
import { CheckpointStore } from './vscode/review/checkpointStore';
import { CheckpointDocuments } from './vscode/review/checkpointDocuments';
import { RevertNotes } from './vscode/review/revertNotes';
import { ReviewStatusBar } from './vscode/review/reviewStatusBar';
import { JsonDirStore } from './vscode/jsonStore';
import { registerReviewSerializer } from './vscode/review/pendingReviews';
import { InlineReview } from './vscode/review/inlineReview';
import type { PendingReview, ReviewPanelDeps } from './vscode/review/reviewPanel';
import { endpointCommands } from './vscode/endpoints/endpointCommands';
import { createEndpointServices } from './vscode/endpoints/services';
import { EndpointStatusBar } from './vscode/endpoints/statusBar';
import { FirstRun } from './vscode/endpoints/firstRun';
import { agentCommands } from './vscode/agent/agentCommands';
import { ChatView } from './vscode/agent/chatView';
import { CommandSandbox } from './vscode/agent/commandSandbox';
import { RESTRICTED_TERMINAL } from './vscode/agent/workspaceTrust';
import { createOutliner, createShellParser, createSearcher, createShellTerminal, createStorage, createTerminal, VscodeAskUser, VscodeDiagnostics } from './vscode/agent/hostPorts';
import { TaskController } from './vscode/agent/taskController';
import { agentWindow, ChatContext } from './vscode/agent/chatInput/chatContext';
import { TerminalCapture } from './vscode/agent/chatInput/terminalCapture';
import { VscodeApproval } from './vscode/agent/vscodeApproval';
import { VscodeWorkspace } from './vscode/agent/vscodeWorkspace';
import { BridgeHost } from './vscode/bridge/bridgeHost';
import { openAgentTerminal } from './vscode/companion/agentTerminals';
import { CompanionService } from './vscode/companion/companionService';
import { HunkTextEditors } from './vscode/review/hunkTextEditors';
import { showUsage, usageLogFor, usageObserver } from './vscode/usage/showUsage';
import { revertRecord } from './core/usage/usageRecord';
import { decisionLogFor, decisionObserver, exportReviewDecisions } from './vscode/usage/reviewDecisions';
import { LogTail } from './core/report/logTail';
import { recordingLog } from './vscode/report/recordingLog';
import { reportProblem } from './vscode/report/reportProblem';
import { WorktreeTasks } from './vscode/tasks/worktreeTasks';
import { pickTask, TasksView } from './vscode/tasks/tasksView';
import { BestOfTasks } from './vscode/tasks/bestOfTasks';
import { preferenceWriter } from './vscode/tasks/preferenceWriter';
import { FileMemento } from './vscode/tasks/fileMemento';

/** Set by the bundle's first and last lines (esbuild.options.mjs): when its module code started and ended. */
declare const __forgeLoadStart: number | undefined;
declare const __forgeLoadEnd: number | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const activateStart = performance.now();
  // The syntax check of non-exact hunks (agent edits, Review Patch) loads its grammars from the VSIX.
  setDefaultWasmDir(vscode.Uri.joinPath(context.extensionUri, 'dist', 'wasm').fsPath);
  // Every line is also kept in memory for Forge: Report a Problem.
  const tail = new LogTail();
  const log = recordingLog(vscode.window.createOutputChannel('Forge', { log: true }), tail);
  const proposals = new ProposalDocuments();
  const storage = context.storageUri ?? context.globalStorageUri;
  const notes = new RevertNotes();
  const deps: ReviewPanelDeps = {
    extensionUri: context.extensionUri,
    log,
    proposals,
    checkpoints: new CheckpointStore(vscode.Uri.joinPath(storage, 'checkpoints')),
    pending: new JsonDirStore<PendingReview>(vscode.Uri.joinPath(storage, 'pending')),
    notes,
    hunkTexts: new HunkTextEditors(),
  };
  const changeSets = new ChangeSetsView(deps.checkpoints, deps.pending);
  const endpoints = createEndpointServices(context, log);
  const chat = new ChatView(context.extensionUri, log);
  const workspace = new VscodeWorkspace();
  const diagnostics = new VscodeDiagnostics(workspace);
  const outliner = createOutliner(context.extensionUri);
  const sandbox = new CommandSandbox(log);
  const shell = createShellTerminal(workspace, log, context.extensionUri, sandbox);
  const shellParser = createShellParser(context.extensionUri);
  const approval = new VscodeApproval(deps, workspace, (command, reason, signal, tool, remember) => chat.approve(command, reason, signal, tool, remember));
  const usage = usageLogFor(context);
  const decisions = decisionLogFor(context);
  deps.onReverted = (r) => void usage.append([revertRecord(r)]).catch((e: Error) => log.warn(`Usage log: could not write ${usage.file}: ${e.message}`));
  const observeUsage = usageObserver(usage, (m) => log.warn(m), (who) => decisionObserver(decisions, workspace, who, (m) => log.warn(m)));
  const terminalCapture = new TerminalCapture();
  const chatContext = new ChatContext({ workspace, diagnostics, outliner, searcher: createSearcher, terminal: terminalCapture, window: () => agentWindow(endpoints) });
  // Built per task: the workspace folders may have changed since activation.
  const tasks = new TaskController(chat, endpoints, () => ({
    workspace,
    approval,
    askUser: new VscodeAskUser(),
    diagnostics,
    terminal: vscode.workspace.isTrusted ? createTerminal(shell) : RESTRICTED_TERMINAL,
    searcher: createSearcher(),
    outliner,
    shellParser,
    storage: createStorage(context),
    log,
    events: notes,
  }), () => sandbox.get(), observeUsage, chatContext);
  const companion = new CompanionService(context, deps, usage);
  // Tasks in their own git worktrees (docs/worktrees.md): each its own agent, reviewed against the checkout at the end.
  // Their approvals are notifications naming the task (the chat view shows another task); their history is kept apart from the chat's.
  const worktreeAgentDeps = { endpoints, asker: new VscodeApproval(deps, workspace), askUser: new VscodeAskUser(), storage: () => createStorage(context, 'worktree-tasks'), outliner, shellParser, log };
  // Written at once to files (workspaceState reaches disk later: a reload right after a start could lose the task).
  const memento = (file: string) => new FileMemento(vscode.Uri.joinPath(storage, file).fsPath, context.workspaceState);
  const worktreeTasks = new WorktreeTasks(memento('worktree-tasks.json'), worktreeAgentDeps, approval, async (id) => (await deps.pending.get(id)) !== undefined, observeUsage);
  const bestOf = new BestOfTasks(memento('best-of-groups.json'), worktreeTasks, worktreeAgentDeps, approval, context.extensionUri, preferenceWriter(decisions, workspace));
  const tasksView = new TasksView(worktreeTasks, bestOf);
  const onWorktreeTask = (action: 'stop' | 'continue' | 'review' | 'discard', run: (id: string) => unknown) => async (arg?: unknown) => {
    const id = await pickTask(worktreeTasks, arg, action);
    if (id) await run(id);
  };
  context.subscriptions.push(
    terminalCapture,
    log,
    companion,
    workspace,
    sandbox,
    shell,
    endpoints,
    new EndpointStatusBar(endpoints.settings),
    new FirstRun(endpoints.settings, chat),
    proposals,
    deps.hunkTexts,
    deps.checkpoints,
    new CheckpointDocuments(deps.checkpoints),
    new ReviewStatusBar(deps.pending),
    changeSets,
    vscode.window.registerTreeDataProvider(ChangeSetsView.id, changeSets),
    worktreeTasks,
    bestOf,
    tasksView,
    chat,
    tasks,
    vscode.window.registerWebviewViewProvider(ChatView.id, chat, { webviewOptions: { retainContextWhenHidden: true } }),
    registerReviewSerializer(deps),
    new InlineReview(),
    new BridgeHost(context, deps, approval, diagnostics, usage),
    ...registerCommands(commandTable(deps, endpointCommands(endpoints), agentCommands(tasks, diagnostics), { show: () => showUsage(usage), exportDecisions: () => exportReviewDecisions(decisions, workspace) }, {
      open: () => reportProblem({ extension: context.extension, tail, endpoints, sandbox: () => sandbox.get() }),
    }, { open: (agent) => openAgentTerminal(companion, agent) }, {
      newTask: (text) => worktreeTasks.newTask(typeof text === 'string' ? text : undefined),
      stop: onWorktreeTask('stop', (id) => worktreeTasks.stop(id)),
      continue: onWorktreeTask('continue', (id) => worktreeTasks.continueTask(id)),
      review: async (arg?: unknown) => {
        // A candidate of a best-of-N group not decided yet: its Review is the comparison.
        const gid = typeof arg === 'string' ? arg : (arg as { id?: string } | undefined)?.id;
        if (gid && bestOf.undecidedGroupOf(gid)) return bestOf.compare(gid);
        return onWorktreeTask('review', (id) => worktreeTasks.reviewTask(id))(arg);
      },
      discard: onWorktreeTask('discard', (id) => worktreeTasks.discard(id)),
      clearFinished: () => worktreeTasks.clearFinished(),
      runBestOf: (text) => bestOf.runOnSeveral(typeof text === 'string' ? text : undefined),
      compareCandidates: (arg) => bestOf.compare(arg),
    })),
  );
  // Forge's own start-up cost, as VS Code paid it (the load figure needs the bundle; from sources it is left out).
  const end = performance.now();
  const load = typeof __forgeLoadStart === 'number' && typeof __forgeLoadEnd === 'number' ? `its module code ${(__forgeLoadEnd - __forgeLoadStart).toFixed(1)} ms, ` : '';
  log.info(`Forge ${context.extension.packageJSON.version} activated (${load}activate() ${(end - activateStart).toFixed(1)} ms)`);
}

export function deactivate(): void {}
