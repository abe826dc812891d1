/**
 * The CLI host's Searcher: ripgrep (@vscode/ripgrep when installed, else `rg` on PATH), falling
 * back to the core's pure-JS searcher. Ignore rules (.gitignore, .forgeignore) and secret files
 * are honoured the same way.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SearchQuery, SearchResult, Searcher } from '../core/ports';

const SECRET_GLOBS = ['!.env', '!.env.*', '!*.pem', '!*.key', '!id_rsa*', '!id_dsa*', '!id_ecdsa*', '!id_ed25519*', '!*.p12', '!*.pfx', '!.npmrc', '!.netrc', '!.git'];

let found: { rg: string | undefined } | undefined;

/** The ripgrep binary to use, or undefined when none is available (looked up once per process). */
export function findRipgrep(): string | undefined {
  found ??= { rg: lookUpRipgrep() };
  return found.rg;
}

function lookUpRipgrep(): string | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const p = require('@vscode/ripgrep').rgPath as string;
    if (p && fs.existsSync(p)) return p;
  } catch {
    /* not installed */
  }
  const r = spawnSync('rg', ['--version'], { stdio: 'ignore' });
  return r.status === 0 ? 'rg' : undefined;
}

export class RipgrepSearcher implements Searcher {
  constructor(private readonly root: string, private readonly rg: string) {}

  search(q: SearchQuery, signal?: AbortSignal): Promise<SearchResult> {
    const args = ['--json', '--hidden', '--no-require-git', '--max-columns', '1000', '--max-filesize', '1M'];
    for (const g of SECRET_GLOBS) args.push('-g', g);
    if (fs.existsSync(path.join(this.root, '.forgeignore'))) args.push('--ignore-file', '.forgeignore');
    if (q.include) args.push('-g', q.include);
    if (!q.caseSensitive) args.push('-i');
    if (!q.isRegex) args.push('-F');
    args.push('-e', q.pattern, '.');
    return new Promise((resolve, reject) => {
      const child = spawn(this.rg, args, { cwd: this.root, stdio: ['ignore', 'pipe', 'pipe'] });
      const matches: SearchResult['matches'] = [];
      let truncated = false;
      let buf = '';
      let err = '';
      const onAbort = () => child.kill();
      signal?.addEventListener('abort', onAbort, { once: true });
      child.stdout.on('data', (b: Buffer) => {
        buf += b.toString('utf8');
        let nl: number;
        while ((nl = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, nl);
          buf = buf.slice(nl + 1);
          if (truncated) continue;
          let ev: any;
          try {
            ev = JSON.parse(line);
          } catch {
            continue;
          }
          if (ev.type !== 'match') continue;
          if (matches.length >= q.maxResults) {
            truncated = true;
            child.kill();
            continue;
          }
          const p = String(ev.data.path.text ?? '').replace(/^\.\//, '').split(path.sep).join('/');
          matches.push({ path: p, line: ev.data.line_number, text: String(ev.data.lines.text ?? '').replace(/\r?\n$/, '') });
        }
      });
      child.stderr.on('data', (b: Buffer) => (err += b.toString('utf8')));
      child.on('error', reject);
      child.on('close', (code) => {
        signal?.removeEventListener('abort', onAbort);
        if (code === 2 && !truncated && matches.length === 0) reject(new Error(`ripgrep failed: ${err.trim().split('\n')[0]}`));
        else resolve({ matches: matches.sort((a, b) => a.path.localeCompare(b.path) || a.line - b.line), truncated });
      });
    });
  }
}
