/**
 * "Forge: Report a Problem": gathers the versions, the Forge settings that differ from their
 * defaults, the sandbox and endpoint state, the last warnings and errors and the log's tail into
 * an untitled markdown document, secrets redacted (core/report). The user reads and edits it
 * before sharing anything; Forge sends nothing.
 */
import * as os from 'node:os';
import * as vscode from 'vscode';
import type { LogTail } from '../../core/report/logTail';
import { problemReport, type ReportSetting, type SettingScope } from '../../core/report/problemReport';
import { activeProfile } from '../../core/settings/forgeSettings';
import type { ShellSandbox } from '../../node/sandbox/shellSandbox';
import type { EndpointServices } from '../endpoints/services';

export interface ReportDeps {
  extension: vscode.Extension<unknown>;
  tail: LogTail;
  endpoints: EndpointServices;
  sandbox?: () => ShellSandbox;
}

/** Every forge.* setting package.json declares, with the values set in each scope. */
function forgeSettings(extension: vscode.Extension<unknown>): ReportSetting[] {
  const conf = (extension.packageJSON as { contributes?: { configuration?: unknown } }).contributes?.configuration;
  const sections = (Array.isArray(conf) ? conf : [conf]) as { properties?: Record<string, unknown> }[];
  const keys = sections.flatMap((s) => Object.keys(s?.properties ?? {})).filter((k) => k.startsWith('forge.'));
  const c = vscode.workspace.getConfiguration();
  return keys.map((key) => {
    const i = c.inspect(key);
    const values: { scope: SettingScope; value: unknown }[] = [];
    if (i?.globalValue !== undefined) values.push({ scope: 'user', value: i.globalValue });
    if (i?.workspaceValue !== undefined) values.push({ scope: 'workspace', value: i.workspaceValue });
    if (i?.workspaceFolderValue !== undefined) values.push({ scope: 'workspaceFolder', value: i.workspaceFolderValue });
    return { key, values };
  }).filter((s) => s.values.length);
}

/** The endpoints' API keys (to remove wherever they appear); never asks for one. */
async function knownKeys(endpoints: EndpointServices): Promise<(string | undefined)[]> {
  const profiles = endpoints.settings.current().profiles.filter((p) => p.kind === 'openai');
  return Promise.all(profiles.map((p) => endpoints.keys.keyFor(p).catch(() => undefined)));
}

function state(d: ReportDeps): string[] {
  const out: string[] = [];
  const s = d.endpoints.settings.current();
  const p = activeProfile(s);
  out.push(p ? `Endpoint: ${p.label} (${p.kind === 'openai' ? `${p.baseUrl}, model ${p.model}` : 'VS Code language model'}); ${s.profiles.length} configured` : `Endpoint: none selected; ${s.profiles.length} configured`);
  const sb = d.sandbox?.().status();
  if (sb) out.push(sb.sandboxed ? `Sandbox: on (${sb.summary})` : `Sandbox: none (${sb.reason})${sb.required ? ', required: commands blocked' : ''}`);
  out.push(`Workspace: ${vscode.workspace.workspaceFolders?.length ?? 0} folder(s), ${vscode.workspace.isTrusted ? 'trusted' : 'Restricted Mode'}${vscode.env.remoteName ? `, remote ${vscode.env.remoteName}` : ''}`);
  return out;
}

/** The report's text (the command opens it; tests read it). */
export async function buildReport(d: ReportDeps): Promise<string> {
  const version = (d.extension.packageJSON as { version?: string }).version ?? '?';
  return problemReport({
    forgeVersion: `${version} (${d.extension.id})`,
    host: `${vscode.env.appName} ${vscode.version} (${vscode.env.appHost}${vscode.env.uiKind === vscode.UIKind.Web ? ', web' : ''})`,
    os: `${os.platform()} ${os.release()} (${os.arch()}), Node ${process.versions.node}`,
    settings: forgeSettings(d.extension),
    state: state(d),
    errors: d.tail.errors(),
    log: d.tail.lines().slice(-200),
    known: await knownKeys(d.endpoints),
  });
}

export async function reportProblem(d: ReportDeps): Promise<void> {
  const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: await buildReport(d) });
  await vscode.window.showTextDocument(doc, { preview: false });
  void vscode.window.showInformationMessage(vscode.l10n.t('Forge: the report is open as an unsaved document. Read it, remove anything private, then share it where you want; Forge has sent nothing.'));
}
