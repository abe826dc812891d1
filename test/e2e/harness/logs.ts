import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The text of every log file under the code-server run folder whose name matches (e.g. /^Forge.*\.log$/ for the output channel). */
export function readLogs(runDir: string, name: RegExp): string {
  const root = join(runDir, 'user-data', 'logs');
  if (!existsSync(root)) return '';
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const entry of readdirSync(d)) {
      const p = join(d, entry);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.test(entry)) out.push(readFileSync(p, 'utf8'));
    }
  };
  walk(root);
  return out.join('\n');
}
