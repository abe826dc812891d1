/** The CLI host's tree-sitter wasm files: from the installed @vscode/tree-sitter-wasm and web-tree-sitter packages. */
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { GrammarSource } from '../core/context/treeSitterOutliner';

export function nodeGrammarSource(): GrammarSource | undefined {
  let grammars: string;
  let runtime: string;
  try {
    grammars = path.join(path.dirname(require.resolve('@vscode/tree-sitter-wasm')), '');
    runtime = path.join(path.dirname(require.resolve('web-tree-sitter')), 'web-tree-sitter.wasm');
  } catch {
    return undefined;
  }
  return {
    grammar: async (name) => new Uint8Array(await fs.readFile(path.join(grammars, `tree-sitter-${name}.wasm`))),
    runtime: async () => new Uint8Array(await fs.readFile(runtime)),
  };
}
