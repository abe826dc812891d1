/** read_file: a text file's lines (numbered), a range of them, or the next page of a large file. */
import { z } from 'zod';
import { lazySchema } from '../lazySchema';
import { defineTool, fail, ok, type ToolContext } from './tool';
import { guardRead } from './secretGate';

const PAGE_LINES = 400;
const PAGE_CHARS = 30_000;

export const readFileSpec = {
  name: 'read_file',
  description:
    'Read a text file of the workspace. Lines come numbered ("12| text"); the numbers are not part of the file. ' +
    `Large files come in pages of up to ${PAGE_LINES} lines: pass startLine/endLine (1-based, inclusive) to read a range or the next page.`,
  schema: lazySchema(() => z.strictObject({
    path: z.string().min(1).describe('Workspace-relative path'),
    startLine: z.number().int().min(1).optional().describe('First line to read (1-based)'),
    endLine: z.number().int().min(1).optional().describe('Last line to read (inclusive)'),
  })),
};

export const readFileTool = defineTool(readFileSpec, async (args, ctx) => {
  const g = await guardRead(args.path, ctx);
  if (!g.ok) return fail(g.reason);
  const st = await ctx.workspace.stat(g.path);
  if (!st) return fail(`${g.path} does not exist.${await suggest(g.path, ctx)}`);
  if (st.type !== 'file') return fail(`${g.path} is a folder; use list_dir.`);
  const text = await ctx.workspace.readText(g.path);
  if (text.includes('\u0000')) return fail(`${g.path} looks binary; only text files can be read.`);
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  const total = lines.length;
  if (text === '') return ok(`${g.path} is empty (0 lines).`);
  const start = args.startLine ?? 1;
  if (start > total) return fail(`${g.path} has ${total} lines; startLine ${start} is past the end.`);
  let end = Math.min(args.endLine ?? start + PAGE_LINES - 1, total, start + PAGE_LINES - 1);
  if (end < start) return fail(`endLine (${args.endLine}) is before startLine (${start}).`);
  const out: string[] = [];
  let chars = 0;
  for (let i = start; i <= end; i++) {
    const l = `${i}| ${lines[i - 1]}`;
    if (chars + l.length > PAGE_CHARS && i > start) {
      end = i - 1;
      break;
    }
    out.push(l);
    chars += l.length + 1;
  }
  const whole = start === 1 && end === total;
  const head = whole ? `${g.path} (${total} lines)` : `${g.path} (lines ${start}-${end} of ${total})`;
  const more = end < total ? `\n[... ${total - end} more lines: call read_file with path "${g.path}" and startLine ${end + 1} for the next page]` : '';
  return ok(`${head}\n${out.join('\n')}${more}`);
});

async function suggest(path: string, ctx: ToolContext): Promise<string> {
  const dir = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
  const name = path.split('/').pop()!.toLowerCase();
  try {
    const entries = await ctx.workspace.list(dir);
    const stem = (n: string) => n.toLowerCase().replace(/\.[^.]*$/, '');
    const want = stem(name);
    const near = entries.filter((e) => {
      const have = stem(e.name);
      return have.length >= 2 && want.length >= 2 && (have.includes(want) || want.includes(have));
    });
    if (near.length) return ` Did you mean ${near.slice(0, 3).map((e) => (dir ? `${dir}/${e.name}` : e.name)).join(', ')}?`;
  } catch {
    /* folder missing too */
  }
  return '';
}
