/**
 * The path policy for the arguments of tools Forge did not write (MCP tools): a string argument
 * that names a file (by its key: path, file, dir, cwd, uri, ...; or by its form: absolute, `~`,
 * `..`, file://) is checked like a command argument. One that leaves the workspace, looks secret
 * or is protected makes the call ask, whatever the server's autoApprove list says.
 */
import { pathConcern } from '../context/pathPolicy';

const PATH_KEY = /(path|file|dir|folder|cwd|root|uri|url|location|dest|target|source|glob)s?$/i;
const PATH_FORM = /^(\/|~|\.\.([\\/]|$)|[A-Za-z]:[\\/]|file:)/;

/** Why the call must ask because of an argument naming a file, or undefined. */
export function pathArgumentConcern(args: unknown): string | undefined {
  const visit = (v: unknown, key: string, depth: number): string | undefined => {
    if (depth > 5) return undefined;
    if (typeof v === 'string') {
      if (!(PATH_KEY.test(key) || PATH_FORM.test(v))) return undefined;
      if (/^[a-z][a-z0-9+.-]*:\/\//i.test(v) && !v.startsWith('file:')) return undefined; // http(s) and other URLs: not files
      let p = v.replace(/^file:\/\//, '');
      try {
        p = decodeURIComponent(p);
      } catch {
        /* keep it as written */
      }
      const why = pathConcern(p);
      return why ? `its argument "${key}" names ${JSON.stringify(v)}, which ${why}` : undefined;
    }
    if (Array.isArray(v)) {
      for (const item of v) {
        const why = visit(item, key, depth + 1);
        if (why) return why;
      }
    } else if (v && typeof v === 'object') {
      for (const [k, item] of Object.entries(v)) {
        const why = visit(item, k, depth + 1);
        if (why) return why;
      }
    }
    return undefined;
  };
  return visit(args, '', 0);
}
