/**
 * The CLI's user settings file, ~/.forge/settings.json, with the same keys as VS Code's user
 * settings. Today it holds the standing rules for leaving the command sandbox
 * ("forge.sandbox.allowOutside"), which an "always" answer in `forge run` adds to; a workspace has
 * no say in it. Other keys in the file are kept as they are.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseOutsideRule } from '../../core/policy/outsideSandboxRules';

export const ALLOW_OUTSIDE_KEY = 'forge.sandbox.allowOutside';

/** ~/.forge/settings.json for this environment's HOME. */
export function userSettingsFile(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(env.HOME || os.homedir(), '.forge', 'settings.json');
}

function readJson(file: string): Record<string, unknown> {
  if (!fs.existsSync(file)) return {};
  const raw: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new Error(`${file} must hold a JSON object`);
  return raw as Record<string, unknown>;
}

/** The valid rules of the file; an unreadable file or a bad rule is a warning (and left out). */
export function readOutsideRules(file: string, warn: (text: string) => void): string[] {
  let value: unknown;
  try {
    value = readJson(file)[ALLOW_OUTSIDE_KEY];
  } catch (e) {
    warn(`cannot read ${file} (${(e as Error).message}); no saved sandbox rules apply`);
    return [];
  }
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    warn(`${ALLOW_OUTSIDE_KEY} in ${file} must be a list of rules such as "network: npm install"; ignored`);
    return [];
  }
  return value.filter((t): t is string => {
    const r = typeof t === 'string' ? parseOutsideRule(t) : { error: `${JSON.stringify(t)} is not a rule` };
    if ('error' in r) warn(`${ALLOW_OUTSIDE_KEY} in ${file}: ${r.error}; that rule is ignored`);
    return !('error' in r);
  });
}

/** Adds `rule` to the file (created 0600 in a 0700 folder if missing), written whole through a temp file. */
export function saveOutsideRule(file: string, rule: string): void {
  const json = readJson(file);
  const rules = Array.isArray(json[ALLOW_OUTSIDE_KEY]) ? (json[ALLOW_OUTSIDE_KEY] as unknown[]) : [];
  if (rules.includes(rule)) return;
  json[ALLOW_OUTSIDE_KEY] = [...rules, rule];
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(json, null, 2)}\n`, { mode: 0o600 });
  fs.renameSync(tmp, file);
}
