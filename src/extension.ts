/**
 * Forge's entry point: builds the adapters and registers commands and views. Wiring only.
 */
import * as vscode from 'vscode';
import { ChangeSetsView } from './vscode/changeSetsView';
import { commandTable, registerCommands } from './vscode/commands';
import { ProposalDocuments } from './vscode/proposalDocuments';
import { CheckpointStore } from './vscode/checkpointStore';
import { JsonDirStore } from './vscode/jsonStore';
import { registerReviewSerializer } from './vscode/pendingReviews';
import { InlineReview } from './vscode/inlineReview';
import type { PendingReview, ReviewPanelDeps } from './vscode/reviewPanel';
import { endpointCommands } from './vscode/endpoints/endpointCommands';
import { createEndpointServices } from './vscode/endpoints/services';
import { EndpointStatusBar } from './vscode/endpoints/statusBar';

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('Forge', { log: true });
  const proposals = new ProposalDocuments();
  const changeSets = new ChangeSetsView();
  const storage = context.storageUri ?? context.globalStorageUri;
  const deps: ReviewPanelDeps = {
    extensionUri: context.extensionUri,
    log,
    proposals,
    checkpoints: new CheckpointStore(vscode.Uri.joinPath(storage, 'checkpoints')),
    pending: new JsonDirStore<PendingReview>(vscode.Uri.joinPath(storage, 'pending')),
  };
  const endpoints = createEndpointServices(context, log);
  context.subscriptions.push(
    log,
    endpoints,
    new EndpointStatusBar(endpoints.settings),
    proposals,
    changeSets,
    vscode.window.registerTreeDataProvider(ChangeSetsView.id, changeSets),
    registerReviewSerializer(deps),
    new InlineReview(),
    ...registerCommands(commandTable(deps, endpointCommands(endpoints))),
  );
  log.info(`Forge ${context.extension.packageJSON.version} activated`);
}

export function deactivate(): void {}
