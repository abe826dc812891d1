/** search_text: lines matching a literal text or a regular expression, across the workspace. */
import { z } from 'zod';
import { lazySchema } from '../lazySchema';
import { buildMatcher } from '../context/jsSearcher';
import { defineTool, fail, ok } from './tool';

export const searchTextSpec = {
  name: 'search_text',
  description: 'Search the workspace for a text (or a regular expression with isRegex) and get "path:line: text" matches. Ignored and secret files are skipped.',
  schema: lazySchema(() => z.strictObject({
    pattern: z.string().min(1),
    isRegex: z.boolean().default(false),
    caseSensitive: z.boolean().default(false),
    include: z.string().optional().describe('Only files matching this glob, e.g. "src/**/*.ts"'),
    maxResults: z.number().int().min(1).max(500).default(100),
  })),
};

export const searchTextTool = defineTool(searchTextSpec, async (args, ctx) => {
  if (args.isRegex) {
    try {
      buildMatcher(args);
    } catch (e) {
      return fail(`The pattern is not a valid regular expression: ${(e as Error).message}. Fix it, or search literally with isRegex false.`);
    }
  }
  const r = await ctx.searcher.search({ ...args }, ctx.signal);
  if (!r.matches.length) return ok(`No matches for ${JSON.stringify(args.pattern)}${args.include ? ` in ${args.include}` : ''}.`);
  const lines = r.matches.map((m) => `${m.path}:${m.line}: ${m.text.length > 300 ? `${m.text.slice(0, 300)}...` : m.text}`);
  return ok(`${r.matches.length}${r.truncated ? '+' : ''} match(es):\n${lines.join('\n')}${r.truncated ? '\n[... more matches; narrow the search]' : ''}`);
});
