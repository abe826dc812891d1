/** Temp folders for sandbox tests. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * A new folder outside /tmp (under the real home's .cache): the sandbox gives commands a private
 * /tmp, so a fake HOME or an "outside" folder under /tmp would be hidden anyway and prove nothing.
 */
export function outsideTmp(prefix: string): string {
  const base = path.join(os.homedir(), '.cache');
  fs.mkdirSync(base, { recursive: true });
  return fs.mkdtempSync(path.join(base, prefix));
}
