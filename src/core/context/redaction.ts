/**
 * Known secret values (the endpoint's API key, values of the workspace's .env files) are replaced
 * by a marker in every tool result before the model, the transcript or task storage sees it.
 */
import type { Workspace } from '../ports';
import { isSecretPath } from './secrets';

export const REDACTED = '[redacted secret]';
/** Shorter values are too likely to be ordinary words ("true", "3000"). */
const MIN_SECRET_LENGTH = 8;

export class SecretRedactor {
  private readonly values: string[];

  constructor(values: Iterable<string | undefined>) {
    const set = new Set<string>();
    for (const v of values) if (v && v.trim().length >= MIN_SECRET_LENGTH) set.add(v.trim());
    // Longest first, so a value that contains another is replaced whole.
    this.values = [...set].sort((a, b) => b.length - a.length);
  }

  get size(): number {
    return this.values.length;
  }

  redact(text: string): string {
    let out = text;
    for (const v of this.values) if (out.includes(v)) out = out.split(v).join(REDACTED);
    return out;
  }

  /** The values of the secret-looking files (.env, .env.local, ...) at the workspace root, plus `extra`. */
  static async forWorkspace(workspace: Workspace, extra: Iterable<string | undefined> = []): Promise<SecretRedactor> {
    const values: (string | undefined)[] = [...extra];
    let entries: { name: string; type: string }[] = [];
    try {
      entries = await workspace.list('');
    } catch {
      /* no listing: only the extra values */
    }
    for (const e of entries) {
      if (e.type !== 'file' || !/^\.env/i.test(e.name) || !isSecretPath(e.name)) continue;
      try {
        values.push(...envValues(await workspace.readText(e.name)));
      } catch {
        /* unreadable: nothing to redact from it */
      }
    }
    return new SecretRedactor(values);
  }
}

/** The values of a dotenv file's KEY=value lines, unquoted. */
export function envValues(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*(?:export\s+)?[A-Za-z_][A-Za-z0-9_.-]*\s*=\s*(.*)$/.exec(line);
    if (!m) continue;
    let v = m[1].trim();
    if (/^(["']).*\1$/.test(v)) v = v.slice(1, -1);
    else v = v.replace(/\s+#.*$/, '');
    if (v) out.push(v);
  }
  return out;
}
