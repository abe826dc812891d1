/**
 * buildChangeSet with the syntax check of non-exact hunks loaded for the files the edit names: the
 * one entry point the hosts use (the agent's propose-edits tool and VS Code's "Forge: Review
 * Patch..."), so no path proposes a repaired or fuzzily placed hunk that breaks a file's syntax.
 */
import { buildChangeSet, type BuildOptions, type BuildResult } from './buildChangeSet';
import type { ParsedEdit } from '../parse/parsedEdit';
import { loadSyntaxOracle, type SyntaxCheckOptions } from '../check/syntaxCheck';

export async function buildCheckedChangeSet(
  parsed: ParsedEdit,
  bases: ReadonlyMap<string, string | null>,
  opts: BuildOptions & Pick<SyntaxCheckOptions, 'wasmDir'> = {},
): Promise<BuildResult> {
  const { wasmDir, ...build } = opts;
  return buildChangeSet(parsed, bases, { ...build, syntax: build.syntax ?? (await loadSyntaxOracle(bases.keys(), { wasmDir })) });
}
