/**
 * Forge's entry point: builds the adapters and registers commands and views. Wiring only.
 */
import * as vscode from 'vscode';
import { ChangeSetsView } from './vscode/changeSetsView';
import { commandTable, registerCommands } from './vscode/commands';
import { ProposalDocuments } from './vscode/proposalDocuments';
import { CheckpointStore } from './vscode/checkpointStore';

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('Forge', { log: true });
  const proposals = new ProposalDocuments();
  const changeSets = new ChangeSetsView();
  const checkpoints = new CheckpointStore(vscode.Uri.joinPath(context.storageUri ?? context.globalStorageUri, 'checkpoints'));
  context.subscriptions.push(
    log,
    proposals,
    changeSets,
    vscode.window.registerTreeDataProvider(ChangeSetsView.id, changeSets),
    ...registerCommands(commandTable({ extensionUri: context.extensionUri, log, proposals, checkpoints })),
  );
  log.info(`Forge ${context.extension.packageJSON.version} activated`);
}

export function deactivate(): void {}
