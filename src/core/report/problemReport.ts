/**
 * "Forge: Report a Problem": the versions, the Forge settings that differ from the defaults, the
 * sandbox and endpoint state, the last warnings and errors and the log's tail, as one markdown
 * document with every secret redacted (reportRedaction.ts). The host opens it as an untitled
 * document the user reads before sharing anything; nothing is sent. Pure.
 */
import { formatLogLine, type LogLine } from './logTail';
import { redactText, redactValue } from './reportRedaction';

export type SettingScope = 'user' | 'workspace' | 'workspaceFolder';

export interface ReportSetting {
  key: string;
  /** The values set in each scope (none: the default is in effect, and the setting is left out). */
  values: { scope: SettingScope; value: unknown }[];
}

export interface ReportInput {
  forgeVersion: string;
  /** e.g. "VS Code 1.100.3 (code-server, web)". */
  host: string;
  /** e.g. "linux 6.1.0 (x64), Node 20.19.0". */
  os: string;
  settings: ReportSetting[];
  /** One line each: the sandbox, the active endpoint, the workspace's trust, ... */
  state: string[];
  errors: readonly LogLine[];
  log: readonly LogLine[];
  /** Exact secret values to remove wherever they appear (the endpoints' API keys). */
  known: (string | undefined)[];
}

export const REPORT_NOTICE =
  'Read this before you share it. Forge removed API keys, header and environment values, and anything named like a key, ' +
  'token, secret or password, but the log can still name files, folders, commands, hosts or models of your project: ' +
  'remove what you do not want to share. Nothing has been sent anywhere.';

/** A fenced block whose fence is longer than any run of backticks inside. */
function fenced(text: string, lang = ''): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${lang}\n${text}\n${fence}`;
}

export function problemReport(i: ReportInput): string {
  const clean = (t: string) => redactText(t, i.known);
  const settings: Record<string, unknown> = {};
  for (const s of i.settings) {
    for (const v of s.values) settings[s.values.length === 1 && v.scope === 'user' ? s.key : `${s.key} (${v.scope})`] = redactValue(s.key.split('.').pop()!, v.value, i.known);
  }
  const lines = (l: readonly LogLine[]) => (l.length ? l.map((x) => clean(formatLogLine(x))).join('\n') : '(none)');
  return [
    '# Forge problem report',
    '',
    `> ${REPORT_NOTICE}`,
    '',
    '## What happened',
    '',
    '(What you did, what you expected, and what happened instead.)',
    '',
    '## Versions',
    '',
    '| | |',
    '|---|---|',
    `| Forge | ${clean(i.forgeVersion)} |`,
    `| Editor | ${clean(i.host)} |`,
    `| OS | ${clean(i.os)} |`,
    '',
    '## State',
    '',
    ...(i.state.length ? i.state.map((s) => `- ${clean(s)}`) : ['(nothing to report)']),
    '',
    '## Forge settings (only those not at their default)',
    '',
    Object.keys(settings).length ? fenced(JSON.stringify(settings, null, 2), 'json') : '(all at their defaults)',
    '',
    `## Last warnings and errors (${i.errors.length})`,
    '',
    fenced(lines(i.errors)),
    '',
    `## Log (last ${i.log.length} lines)`,
    '',
    fenced(lines(i.log)),
    '',
  ].join('\n');
}
