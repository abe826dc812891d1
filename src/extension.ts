/**
 * Forge's entry point: builds the adapters and registers commands and views. Wiring only.
 */
import * as vscode from 'vscode';
import { ChangeSetsView } from './vscode/changeSetsView';
import { commandTable, registerCommands } from './vscode/commands';
import { ProposalDocuments } from './vscode/proposalDocuments';
import { CheckpointStore } from './vscode/checkpointStore';
import { CheckpointDocuments } from './vscode/checkpointDocuments';
import { RevertNotes } from './vscode/revertNotes';
import { ReviewStatusBar } from './vscode/reviewStatusBar';
import { JsonDirStore } from './vscode/jsonStore';
import { registerReviewSerializer } from './vscode/pendingReviews';
import { InlineReview } from './vscode/inlineReview';
import type { PendingReview, ReviewPanelDeps } from './vscode/reviewPanel';
import { endpointCommands } from './vscode/endpoints/endpointCommands';
import { createEndpointServices } from './vscode/endpoints/services';
import { EndpointStatusBar } from './vscode/endpoints/statusBar';
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
import { showUsage, usageLogFor, usageObserver } from './vscode/usage/showUsage';

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('Forge', { log: true });
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
  const approval = new VscodeApproval(deps, workspace, (command, reason, signal, tool) => chat.approve(command, reason, signal, tool));
  const usage = usageLogFor(context);
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
  }), () => sandbox.get(), usageObserver(usage, (m) => log.warn(m)), chatContext);
  context.subscriptions.push(
    terminalCapture,
    log,
    sandbox,
    shell,
    endpoints,
    new EndpointStatusBar(endpoints.settings),
    proposals,
    deps.checkpoints,
    new CheckpointDocuments(deps.checkpoints),
    new ReviewStatusBar(deps.pending),
    changeSets,
    vscode.window.registerTreeDataProvider(ChangeSetsView.id, changeSets),
    chat,
    tasks,
    vscode.window.registerWebviewViewProvider(ChatView.id, chat, { webviewOptions: { retainContextWhenHidden: true } }),
    registerReviewSerializer(deps),
    new InlineReview(),
    new BridgeHost(context, deps, approval, diagnostics, usage),
    ...registerCommands(commandTable(deps, endpointCommands(endpoints), agentCommands(tasks, diagnostics), { show: () => showUsage(usage) })),
  );
  log.info(`Forge ${context.extension.packageJSON.version} activated`);
}

export function deactivate(): void {}
