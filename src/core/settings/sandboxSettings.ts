/**
 * The typed view of `forge.sandbox.*`: whether and how the agent's commands run in an OS sandbox
 * (docs/sandbox.md). Pure: the host hands in the raw values. A bad value is reported in `problems`
 * and its default used. These settings are user or machine scope, so a repository cannot widen them.
 */
import { z } from 'zod';
import { lazySchema } from '../lazySchema';
import { parseOutsideRule } from '../policy/outsideSandboxRules';
import type { SettingsProblem } from './forgeSettings';

/** auto: sandbox when one is available, else ask before every command; required: never run unsandboxed; off: no sandbox (still asks). */
export type SandboxMode = 'auto' | 'required' | 'off';

export interface SandboxSettings {
  mode: SandboxMode;
  /** 'off': commands have no network (a private loopback only); 'on': the host's network. */
  network: 'off' | 'on';
  /** Absolute folders (or ~/...) writable inside the sandbox besides the workspace and a private /tmp. */
  writablePaths: string[];
  /** Absolute paths (or ~/...) hidden inside the sandbox besides the built-in secret locations. */
  hiddenPaths: string[];
  /** Without a sandbox, run allowlisted commands without asking. Unsafe: they run with the user's full access. */
  allowUnsandboxedCommands: boolean;
  /** Commands that may leave the sandbox without asking: "network: LINE" or "all: LINE" (policy/outsideSandboxRules.ts). */
  allowOutside: string[];
}

export interface RawSandboxSettings {
  mode?: unknown;
  network?: unknown;
  writablePaths?: unknown;
  hiddenPaths?: unknown;
  allowUnsandboxedCommands?: unknown;
  allowOutside?: unknown;
}

export const SANDBOX_DEFAULTS: SandboxSettings = { mode: 'auto', network: 'off', writablePaths: [], hiddenPaths: [], allowUnsandboxedCommands: false, allowOutside: [] };

const pathList = lazySchema(() => z.array(z.string().trim().refine((p) => p.startsWith('/') || p.startsWith('~/'), 'absolute')));
const FIELDS = {
  mode: { schema: lazySchema(() => z.enum(['auto', 'required', 'off'])), says: '"auto", "required" or "off"' },
  network: { schema: lazySchema(() => z.enum(['off', 'on'])), says: '"off" or "on"' },
  writablePaths: { schema: pathList, says: 'a list of absolute paths (or ~/...)' },
  hiddenPaths: { schema: pathList, says: 'a list of absolute paths (or ~/...)' },
  allowUnsandboxedCommands: { schema: lazySchema(() => z.boolean()), says: 'true or false' },
  allowOutside: { schema: lazySchema(() => z.array(z.string())), says: 'a list of rules such as "network: npm install"' },
} as const;

export function parseSandboxSettings(raw: RawSandboxSettings): { settings: SandboxSettings; problems: SettingsProblem[] } {
  const problems: SettingsProblem[] = [];
  const settings: SandboxSettings = { ...SANDBOX_DEFAULTS };
  for (const key of Object.keys(FIELDS) as (keyof typeof FIELDS)[]) {
    const value = raw[key];
    if (value === undefined) continue;
    const r = FIELDS[key].schema.safeParse(value);
    if (r.success) (settings as unknown as Record<string, unknown>)[key] = r.data;
    else problems.push({ field: `forge.sandbox.${key}`, message: `forge.sandbox.${key} must be ${FIELDS[key].says}; using ${JSON.stringify(SANDBOX_DEFAULTS[key])}.` });
  }
  // A rule that does not parse is left out on its own (the others still apply).
  settings.allowOutside = settings.allowOutside.filter((t) => {
    const r = parseOutsideRule(t);
    if ('error' in r) problems.push({ field: 'forge.sandbox.allowOutside', message: `forge.sandbox.allowOutside: ${r.error}; that rule is ignored.` });
    return !('error' in r);
  });
  return { settings, problems };
}
