/**
 * Review decisions in VS Code: the local decisions log (global storage's decisions.jsonl, written
 * as the user decides, while forge.usage.recordReviewDecisions is on) and "Forge: Export Review
 * Decisions..." (asks where to save and whether to anonymise paths, then writes the dataset of
 * docs/export.md). Nothing leaves the machine unless the user shares the exported file.
 */
import * as os from 'node:os';
import * as fs from 'node:fs/promises';
import * as vscode from 'vscode';
import type { AgentEvent } from '../../core/agent/events';
import { IgnoreRules } from '../../core/context/ignoreRules';
import { SecretRedactor } from '../../core/context/redaction';
import type { Workspace } from '../../core/ports';
import { exportJsonLines, toExportLines, toPreferenceExportLines } from '../../core/usage/decisionExport';
import { DecisionRecorder } from '../../core/usage/decisionRecorder';
import { DecisionLog } from '../../node/decisionLog';

export function decisionLogFor(context: vscode.ExtensionContext): DecisionLog {
  return new DecisionLog(vscode.Uri.joinPath(context.globalStorageUri, 'decisions.jsonl').fsPath);
}

const recording = () => vscode.workspace.getConfiguration('forge').get<boolean>('usage.recordReviewDecisions', true);

/** An observer of one task's events that appends its decided hunks to the log (in order). */
export function decisionObserver(log: DecisionLog, workspace: Workspace, who: { endpoint: string; model: string }, onError: (message: string) => void): (e: AgentEvent) => void {
  if (!recording()) return () => undefined;
  const rec = new DecisionRecorder(who, workspace);
  let queue = Promise.resolve();
  return (e) => {
    if (e.type !== 'started' && e.type !== 'changeSetProposed' && e.type !== 'changeSetReviewed') return;
    queue = queue.then(() => rec.observe(e)).then((rs) => log.append(rs)).catch((err: Error) => onError(`Decisions log: could not write ${log.file}: ${err.message}`));
  };
}

/** Test hook (e2e): where to save without the dialog, and whether to anonymise. */
const TEST_TARGET = 'FORGE_TEST_EXPORT_DECISIONS';

export async function exportReviewDecisions(log: DecisionLog, workspace: Workspace): Promise<void> {
  let data: Awaited<ReturnType<DecisionLog['read']>>;
  try {
    data = await log.read();
  } catch (e) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Forge: could not read the decisions log {0}: {1}', log.file, (e as Error).message));
    return;
  }
  if (data.records.length === 0 && data.preferences.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Forge: no review decisions recorded yet. They are recorded as you accept, edit or reject the hunks of a task (setting forge.usage.recordReviewDecisions).'));
    return;
  }
  const hook = process.env[TEST_TARGET];
  let target: vscode.Uri | undefined;
  let anonymize: boolean;
  if (hook) {
    const [file, anon] = hook.split('|');
    target = vscode.Uri.file(file);
    anonymize = anon === 'anonymize';
  } else {
    const pick = await vscode.window.showQuickPick(
      [
        { label: vscode.l10n.t('Keep paths'), description: vscode.l10n.t('src/app.ts stays src/app.ts'), anonymize: false },
        { label: vscode.l10n.t('Anonymise paths'), description: vscode.l10n.t('each path becomes a stable hash (path-1a2b3c4d5e6f.ts)'), anonymize: true },
      ],
      { title: vscode.l10n.t('Export {0} review decisions', data.records.length + data.preferences.length), placeHolder: vscode.l10n.t('Secrets are redacted; secret-looking and ignored files are left out') },
    );
    if (!pick) return;
    anonymize = pick.anonymize;
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(os.homedir());
    target = await vscode.window.showSaveDialog({ title: vscode.l10n.t('Export Review Decisions'), defaultUri: vscode.Uri.joinPath(folder, 'forge-decisions.jsonl'), filters: { [vscode.l10n.t('JSON lines')]: ['jsonl'] } });
  }
  if (!target) return;
  const redactor = await SecretRedactor.forWorkspace(workspace);
  const rules = new IgnoreRules(workspace);
  const ignored = new Set<string>();
  for (const p of new Set([...data.records.map((r) => r.path), ...data.preferences.flatMap((r) => r.taken.map((t) => t.path))])) if ((await rules.check(p).catch(() => ({ ignored: false }))).ignored) ignored.add(p);
  const o = {
    user: os.userInfo().username, team: vscode.workspace.getConfiguration('forge').get<string>('usage.team') || undefined, anonymizePaths: anonymize,
    redact: (t: string) => redactor.redact(t), exclude: (p: string) => ignored.has(p),
  };
  // Best-of-N picks (preference records) are lines of the same export, after the hunks.
  const lines = [...toExportLines(data.records, o), ...toPreferenceExportLines(data.preferences, o)];
  try {
    await fs.writeFile(target.fsPath, exportJsonLines(lines));
  } catch (e) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Forge: could not write {0}: {1}', target.fsPath, (e as Error).message));
    return;
  }
  const open = vscode.l10n.t('Open');
  const choice = await vscode.window.showInformationMessage(vscode.l10n.t('Forge: exported {0} review decisions to {1}.', lines.length, target.fsPath), open);
  if (choice === open) await vscode.window.showTextDocument(target);
}
