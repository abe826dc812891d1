/** The environment a child process (a command, a stdio MCP server) gets: the parent's, without Forge's key variables. */
import { KEY_ENV_NAMES } from '../core/policy/commandPolicy';

export function childEnv(env: NodeJS.ProcessEnv, names: readonly string[] = KEY_ENV_NAMES): NodeJS.ProcessEnv {
  const drop = new Set([...KEY_ENV_NAMES, ...names].map((n) => n.toUpperCase()));
  const out: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(env)) if (!drop.has(k.toUpperCase())) out[k] = v;
  return out;
}
