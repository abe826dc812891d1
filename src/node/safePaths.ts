/**
 * Keep every path an edit touches inside the root folder: no absolute paths, no `..`, no `.git`,
 * and no way out through a symbolic link (the deepest existing ancestor is resolved).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export type Resolved = { ok: true; abs: string } | { ok: false; reason: string };

export function resolveInside(rootReal: string, rel: string): Resolved {
  const bad = (why: string): Resolved => ({ ok: false, reason: `${rel} is refused: ${why}.` });
  if (rel.trim() === '') return bad('the path is empty');
  if (path.isAbsolute(rel) || /^[A-Za-z]:/.test(rel) || rel.startsWith('\\')) return bad('absolute paths are not allowed');
  const segments = rel.split(/[\\/]+/).filter((s) => s !== '' && s !== '.');
  if (segments.includes('..')) return bad('it leaves the root folder through ".."');
  if (segments.includes('.git')) return bad('it is inside .git');
  if (segments.length === 0) return bad('it names the root folder itself');
  const abs = path.join(rootReal, ...segments);
  // Resolve the deepest part that exists; symbolic links must not lead outside.
  let probe = abs;
  const rest: string[] = [];
  for (;;) {
    let real: string | undefined;
    try {
      real = fs.realpathSync(probe);
    } catch {
      real = undefined;
    }
    if (real !== undefined) {
      if (real !== rootReal && !real.startsWith(rootReal + path.sep)) return bad('it leads outside the root folder through a symbolic link');
      return { ok: true, abs: path.join(real, ...rest.reverse()) };
    }
    try {
      if (fs.lstatSync(probe).isSymbolicLink()) return bad('it is a dangling symbolic link');
    } catch {
      /* does not exist */
    }
    const parent = path.dirname(probe);
    if (parent === probe) return bad('its folder cannot be resolved');
    rest.push(path.basename(probe));
    probe = parent;
  }
}
