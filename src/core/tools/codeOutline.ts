/** code_outline: the classes, functions and methods of a file with their line ranges. */
import { z } from 'zod';
import { lazySchema } from '../lazySchema';
import { guardRead } from './secretGate';
import { defineTool, fail, ok } from './tool';

export const codeOutlineSpec = {
  name: 'code_outline',
  description: 'List the symbols (classes, functions, methods, types) of a source file with their line ranges, to find what to read without reading the whole file.',
  schema: lazySchema(() => z.strictObject({ path: z.string().min(1) })),
};

export const codeOutlineTool = defineTool(codeOutlineSpec, async (args, ctx) => {
  const g = await guardRead(args.path, ctx);
  if (!g.ok) return fail(g.reason);
  if (!ctx.outliner) return fail('Outlines are not available in this host; use read_file or search_text.');
  const st = await ctx.workspace.stat(g.path);
  if (!st || st.type !== 'file') return fail(`${g.path} is not a file of the workspace.`);
  const symbols = await ctx.outliner.outline(g.path, await ctx.workspace.readText(g.path));
  if (symbols === null) return fail(`No outline support for ${g.path}'s language; use read_file.`);
  if (!symbols.length) return ok(`${g.path}: no symbols found.`);
  const lines = symbols.slice(0, 300).map((s) => `${'  '.repeat(s.depth)}${s.startLine}-${s.endLine} ${s.kind} ${s.signature}`);
  return ok(`${g.path} (${symbols.length} symbols):\n${lines.join('\n')}${symbols.length > 300 ? '\n[... more symbols]' : ''}`);
});
