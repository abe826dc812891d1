/**
 * Appends a best-of-N decision to the decisions log as a preference record (while
 * forge.usage.recordReviewDecisions is on), so "Forge: Export Review Decisions..." includes it.
 * The task and the reason are redacted as tool output is.
 */
import * as vscode from 'vscode';
import { SecretRedactor } from '../../core/context/redaction';
import type { Workspace } from '../../core/ports';
import type { BestOfChoice } from '../../core/tasks/bestOfGroup';
import { preferenceInput } from '../../core/tasks/bestOfPreference';
import { buildPreferenceRecord } from '../../core/usage/preferenceRecord';
import type { DecisionLog } from '../../node/decisionLog';

export function preferenceWriter(log: DecisionLog, workspace: Workspace): (c: BestOfChoice) => Promise<void> {
  return async (c) => {
    if (!vscode.workspace.getConfiguration('forge').get<boolean>('usage.recordReviewDecisions', true)) return;
    const redactor = await SecretRedactor.forWorkspace(workspace);
    await log.append([buildPreferenceRecord(preferenceInput(c, (t) => redactor.redact(t)))]);
  };
}
