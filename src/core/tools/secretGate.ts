/** Resolving a path for reading: the path guard, plus explicit permission for secret-looking files. */
import type { ToolContext } from './tool';

export type ReadablePath = { ok: true; path: string } | { ok: false; reason: string };

export async function guardRead(input: string, ctx: ToolContext): Promise<ReadablePath> {
  const g = await ctx.paths.resolve(input);
  if (!g.ok) return g;
  if (!g.secret || ctx.state.secretReadsAllowed.includes(g.path)) return { ok: true, path: g.path };
  const allowed = ctx.approval.approveSecretRead ? await ctx.approval.approveSecretRead(g.path, ctx.signal) : false;
  if (!allowed) return { ok: false, reason: `${g.path} looks like it holds secrets; the user did not allow reading it. Do not try again; work without it.` };
  ctx.state.secretReadsAllowed.push(g.path);
  return { ok: true, path: g.path };
}
