/** The project's rules files (instructions for agents), read verbatim when present. */
import type { Workspace } from '../ports';

export const RULES_FILES = ['AGENTS.md', '.forge/rules.md', 'CLAUDE.md', '.cursorrules', '.github/copilot-instructions.md'];

export interface RulesFile {
  path: string;
  text: string;
}

export async function readRulesFiles(workspace: Workspace, maxCharsEach = 20_000): Promise<RulesFile[]> {
  const out: RulesFile[] = [];
  for (const path of RULES_FILES) {
    const st = await workspace.stat(path).catch(() => null);
    if (!st || st.type !== 'file') continue;
    try {
      const text = await workspace.readText(path);
      out.push({ path, text: text.length > maxCharsEach ? `${text.slice(0, maxCharsEach)}\n[... cut at ${maxCharsEach} characters]` : text });
    } catch {
      /* unreadable: skip */
    }
  }
  return out;
}
