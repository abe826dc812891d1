/** list_dir: the entries of a folder (ignored entries hidden, and counted). */
import { z } from 'zod';
import { lazySchema } from '../lazySchema';
import { defineTool, fail, ok } from './tool';

const MAX_ENTRIES = 500;

export const listDirSpec = {
  name: 'list_dir',
  description: 'List a folder of the workspace ("" or "." for the root). Folders end with "/". Ignored files (.gitignore, .forgeignore) are not shown.',
  schema: lazySchema(() => z.strictObject({ path: z.string().default('').describe('Workspace-relative folder') })),
};

export const listDirTool = defineTool(listDirSpec, async (args, ctx) => {
  const g = await ctx.paths.resolve(args.path === '.' ? '' : args.path);
  if (!g.ok) return fail(g.reason);
  const st = g.path === '' ? { type: 'directory' as const } : await ctx.workspace.stat(g.path);
  if (!st) return fail(`${g.path} does not exist.`);
  if (st.type !== 'directory') return fail(`${g.path} is a file; use read_file.`);
  const entries = await ctx.workspace.list(g.path);
  const shown: string[] = [];
  let hidden = 0;
  for (const e of entries.sort((a, b) => (a.type === b.type ? a.name.localeCompare(b.name) : a.type === 'directory' ? -1 : 1))) {
    const p = g.path ? `${g.path}/${e.name}` : e.name;
    if ((await ctx.ignore.check(p, e.type === 'directory')).ignored) {
      hidden++;
      continue;
    }
    shown.push(e.type === 'directory' ? `${e.name}/` : e.name);
  }
  const label = g.path || '(workspace root)';
  if (!shown.length) return ok(`${label} is empty${hidden ? ` (${hidden} ignored entries hidden)` : ''}.`);
  const cut = shown.length > MAX_ENTRIES ? `\n[... ${shown.length - MAX_ENTRIES} more entries]` : '';
  return ok(`${label}:\n${shown.slice(0, MAX_ENTRIES).join('\n')}${cut}${hidden ? `\n(${hidden} ignored entries hidden)` : ''}`);
});
