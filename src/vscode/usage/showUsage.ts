/**
 * Usage insights in VS Code: where the records go (the global storage's usage.jsonl), the observer
 * that the task controller feeds with each task's events, and Forge: Show Usage (a static,
 * script-free webview page).
 */
import * as vscode from 'vscode';
import type { AgentEvent } from '../../core/agent/events';
import { usageDashboardHtml } from '../../core/usage/usageDashboardHtml';
import { useHostTranslations } from '../hostTranslations';
import { UsageRecorder } from '../../core/usage/usageRecorder';
import { summarizeUsage } from '../../core/usage/usageSummary';
import { UsageLog } from '../../node/usageLog';

/** What the task controller calls at the start of each task: an observer of its events. */
export type UsageObserver = (who: { endpoint: string; model: string }) => (e: AgentEvent) => void;

export function usageLogFor(context: vscode.ExtensionContext): UsageLog {
  return new UsageLog(vscode.Uri.joinPath(context.globalStorageUri, 'usage.jsonl').fsPath);
}

/** `also`: another observer built per task (the decisions log). */
export function usageObserver(log: UsageLog, onError: (message: string) => void, also?: UsageObserver): UsageObserver {
  return (who) => {
    const recorder = new UsageRecorder(who);
    const other = also?.(who);
    return (e) => {
      other?.(e);
      const records = recorder.observe(e);
      if (records.length) log.append(records).catch((err: Error) => onError(`Usage log: could not write ${log.file}: ${err.message}`));
    };
  };
}

let panel: vscode.WebviewPanel | undefined;

export async function showUsage(log: UsageLog): Promise<void> {
  let data: Awaited<ReturnType<UsageLog['read']>>;
  try {
    data = await log.read();
  } catch (e) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Forge: could not read the usage log {0}: {1}', log.file, (e as Error).message));
    return;
  }
  if (!panel) {
    panel = vscode.window.createWebviewPanel('forge.usage', vscode.l10n.t('Forge Usage'), vscode.ViewColumn.Active, { enableScripts: false, localResourceRoots: [] });
    panel.onDidDispose(() => (panel = undefined));
  } else panel.reveal();
  useHostTranslations();
  panel.webview.html = usageDashboardHtml(summarizeUsage(data.records), { cspSource: panel.webview.cspSource, skipped: data.skipped, lang: vscode.env.language });
}

