/**
 * Where bridge clients find a Forge window: `FORGE_BRIDGE` (the discovery file of the window whose
 * terminal they run in), else the window whose workspace folders contain the working folder. Discovery
 * files live in a folder only the user can open: `$XDG_RUNTIME_DIR/forge-<uid>` or `<tmp>/forge-<uid>`.
 */
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { discoverySchema, type Discovery } from './bridgeProtocol';
import { processAlive } from '../processAlive';

export function bridgeDir(env: NodeJS.ProcessEnv = process.env): string {
  const uid = typeof process.getuid === 'function' ? process.getuid() : 'user';
  return path.join(env.XDG_RUNTIME_DIR || tmpdir(), `forge-${uid}`);
}

/** A discovery file, or why it cannot be used. Refuses files other users could read or write. */
export function readDiscovery(file: string): Discovery | string {
  try {
    const st = lstatSync(file);
    if (process.platform !== 'win32') {
      if (!st.isFile()) return `${file} is not a file`;
      if (typeof process.getuid === 'function' && st.uid !== process.getuid()) return `${file} belongs to another user`;
      if ((st.mode & 0o077) !== 0) return `${file} is readable by other users`;
    }
    const parsed = discoverySchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (!parsed.success) return `${file} is not a Forge discovery file`;
    if (!processAlive(parsed.data.pid)) return `the window of ${file} is gone`;
    return parsed.data;
  } catch (err) {
    return `${file} cannot be read (${(err as Error).message})`;
  }
}

function contains(folder: string, p: string): boolean {
  const rel = path.relative(folder, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** The window to talk to from `cwd`, or one sentence saying why there is none and what to do. */
export function findWindow(cwd: string, env: NodeJS.ProcessEnv = process.env): Discovery | { error: string } {
  if (env.FORGE_BRIDGE) {
    const d = readDiscovery(env.FORGE_BRIDGE);
    if (typeof d !== 'string') return d;
  }
  const dir = bridgeDir(env);
  let names: string[] = [];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.json'));
  } catch {
    /* no window has ever started */
  }
  let best: { d: Discovery; len: number } | undefined;
  for (const n of names) {
    const d = readDiscovery(path.join(dir, n));
    if (typeof d === 'string') continue;
    for (const f of d.folders) if (contains(f, cwd) && (!best || f.length > best.len)) best = { d, len: f.length };
  }
  if (best) return best.d;
  return { error: `No VS Code window with Forge has ${cwd} open. Open that folder in VS Code (with the Forge extension, in a trusted workspace), or run this from a terminal of that window.` };
}
