/** find_files: workspace files matching a glob, ignore rules honoured. */
import { z } from 'zod';
import { lazySchema } from '../lazySchema';
import { globMatcher, walkFiles } from '../context/fileIndex';
import { defineTool, fail, ok } from './tool';

export const findFilesSpec = {
  name: 'find_files',
  description: 'Find workspace files by glob, e.g. "**/*.test.ts" or "src/**/user*". A pattern without "/" matches file names at any depth.',
  schema: lazySchema(() => z.strictObject({
    glob: z.string().min(1),
    maxResults: z.number().int().min(1).max(1000).default(200),
  })),
};

export const findFilesTool = defineTool(findFilesSpec, async (args, ctx) => {
  const match = globMatcher(args.glob);
  let candidates: string[];
  if (ctx.workspace.findFiles) candidates = await ctx.workspace.findFiles(args.glob, { maxResults: args.maxResults * 4, signal: ctx.signal });
  else candidates = (await walkFiles(ctx.workspace, ctx.ignore, { signal: ctx.signal })).files;
  const found: string[] = [];
  for (const p of candidates) {
    if (!match(p) || (await ctx.ignore.check(p)).ignored) continue;
    found.push(p);
  }
  if (!found.length) return fail(`No files match "${args.glob}".`);
  const cut = found.length > args.maxResults ? `\n[... ${found.length - args.maxResults} more; narrow the glob]` : '';
  return ok(`${found.length} file(s) match "${args.glob}":\n${found.slice(0, args.maxResults).join('\n')}${cut}`);
});
