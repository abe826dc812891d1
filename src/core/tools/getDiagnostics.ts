/** get_diagnostics: the host's problems (errors and warnings) for a file or the whole workspace. */
import { z } from 'zod';
import { lazySchema } from '../lazySchema';
import { defineTool, fail, ok } from './tool';

export const getDiagnosticsSpec = {
  name: 'get_diagnostics',
  description: 'Get compiler/linter problems (errors, warnings) for one file, or for the whole workspace when path is omitted.',
  schema: lazySchema(() => z.strictObject({ path: z.string().optional() })),
};

export const getDiagnosticsTool = defineTool(getDiagnosticsSpec, async (args, ctx) => {
  if (!ctx.diagnostics) return ok('No diagnostics are available in this host; run the project\'s checks with run_command instead.');
  let path: string | undefined;
  if (args.path !== undefined) {
    const g = await ctx.paths.resolve(args.path);
    if (!g.ok) return fail(g.reason);
    path = g.path;
  }
  const all = await ctx.diagnostics.get(path);
  if (!all.length) return ok(`No problems${path ? ` in ${path}` : ''}.`);
  const order = { error: 0, warning: 1, info: 2, hint: 3 };
  const lines = all
    .sort((a, b) => order[a.severity] - order[b.severity] || a.path.localeCompare(b.path) || a.line - b.line)
    .slice(0, 200)
    .map((d) => `${d.path}:${d.line}:${d.column} ${d.severity}${d.source ? ` (${d.source})` : ''}: ${d.message}`);
  return ok(`${all.length} problem(s):\n${lines.join('\n')}`);
});
