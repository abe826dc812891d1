/**
 * Optional syntax check: for languages with a tree-sitter grammar (web-tree-sitter +
 * @vscode/tree-sitter-wasm), flag each hunk whose result adds a parse error the file did not have.
 * Async (the wasm runtime loads once); buildChangeSet stays synchronous and this is a separate pass.
 */
import type { ChangeSet, FileChange, HunkDecision } from '../changeSet/changeSet';
import { renderFile } from '../changeSet/textDoc';
import type { SyntaxOracle } from './syntaxGate';
import type { Language as TSLanguage, Node as TSNode, Parser as TSParser } from 'web-tree-sitter';

const GRAMMAR_BY_EXT: Record<string, string> = {
  ts: 'typescript', mts: 'typescript', cts: 'typescript', tsx: 'tsx',
  js: 'javascript', mjs: 'javascript', cjs: 'javascript', jsx: 'javascript',
  py: 'python', go: 'go', rs: 'rust', java: 'java', cs: 'c-sharp', rb: 'ruby', php: 'php',
  c: 'cpp', h: 'cpp', cc: 'cpp', cpp: 'cpp', cxx: 'cpp', hpp: 'cpp', sh: 'bash', bash: 'bash', css: 'css',
};

/** The grammar name for a path, or undefined when there is none. */
export function grammarFor(path: string): string | undefined {
  const m = /\.([A-Za-z0-9]+)$/.exec(path);
  return m ? GRAMMAR_BY_EXT[m[1].toLowerCase()] : undefined;
}

export interface SyntaxCheckOptions {
  /**
   * Folder holding tree-sitter-<lang>.wasm and web-tree-sitter.wasm (a bundled host ships them
   * there); default: the installed @vscode/tree-sitter-wasm and web-tree-sitter packages.
   */
  wasmDir?: string;
  /** Check hunks one by one only up to this many per file (default 200). */
  maxHunks?: number;
}

let runtime: Promise<typeof import('web-tree-sitter')> | undefined;
const languages = new Map<string, Promise<TSLanguage>>();
let defaultWasmDir: string | undefined;

/**
 * Where the wasm files are when a caller names no folder: a bundled host (the VS Code extension,
 * which ships them in dist/wasm and no node_modules) sets it once at activation, so every path that
 * checks syntax (the agent's edits, Review Patch) finds the grammars.
 */
export function setDefaultWasmDir(dir: string | undefined): void {
  defaultWasmDir = dir;
}

async function parserFor(grammar: string, wasmDir = defaultWasmDir): Promise<TSParser> {
  runtime ??= import('web-tree-sitter').then(async (m) => {
    const dir = wasmDir?.replace(/\/$/, '');
    await m.Parser.init(dir ? { locateFile: (name: string) => `${dir}/${name}` } : undefined);
    return m;
  });
  // A runtime that failed to load is tried again next time (e.g. with the host's folder).
  const ts = await runtime.catch((err: unknown) => {
    runtime = undefined;
    throw err;
  });
  let lang = languages.get(grammar);
  if (!lang) {
    const file = wasmDir
      ? `${wasmDir.replace(/\/$/, '')}/tree-sitter-${grammar}.wasm`
      : require.resolve(`@vscode/tree-sitter-wasm/wasm/tree-sitter-${grammar}.wasm`);
    lang = ts.Language.load(file);
    languages.set(grammar, lang);
  }
  const parser = new ts.Parser();
  parser.setLanguage(await lang);
  return parser;
}

/** Error and missing nodes in a text, and the 1-based line of the first. */
export function countErrors(parser: TSParser, text: string): { count: number; firstLine: number } {
  const tree = parser.parse(text);
  if (!tree) return { count: 0, firstLine: 0 };
  let count = 0;
  let firstLine = 0;
  const walk = (node: TSNode): void => {
    if (node.isError || node.isMissing) {
      count++;
      if (!firstLine) firstLine = node.startPosition.row + 1;
      if (node.isMissing) return;
    }
    if (!node.hasError && !node.isError) return;
    for (const child of node.children) if (child) walk(child);
  };
  walk(tree.rootNode);
  tree.delete();
  return { count, firstLine };
}

/** A copy of the change set with `syntaxWarning` set on hunks that break the file's syntax. */
export async function flagSyntaxErrors(
  cs: ChangeSet,
  bases: ReadonlyMap<string, string | null>,
  opts: SyntaxCheckOptions = {},
): Promise<ChangeSet> {
  const files: FileChange[] = [];
  for (const f of cs.files) {
    const grammar = grammarFor(f.newPath ?? f.path);
    if (!grammar || f.action === 'delete') {
      files.push(f);
      continue;
    }
    files.push(await checkFile(f, bases.get(f.path) ?? null, await parserFor(grammar, opts.wasmDir), grammar, opts.maxHunks ?? 200));
  }
  return { ...cs, files };
}

async function checkFile(f: FileChange, base: string | null, parser: TSParser, grammar: string, maxHunks: number): Promise<FileChange> {
  try {
    const before = countErrors(parser, base ?? '').count;
    const full = renderFile(base, f);
    const after = countErrors(parser, full ?? '');
    if (after.count <= before) return f;
    const warning = (line: number) =>
      `this change adds a ${grammar} syntax error (the file had ${before === 0 ? 'none' : before}; first new one near line ${line})`;
    const flagged = new Map<number, string>();
    if (f.hunks.length > 1 && f.hunks.length <= maxHunks) {
      for (const h of f.hunks) {
        const only = new Map<number, HunkDecision>(f.hunks.map((x) => [x.index, { kind: x.index === h.index ? 'accept' : 'reject' }]));
        const r = countErrors(parser, renderFile(base, f, only) ?? '');
        if (r.count > before) flagged.set(h.index, warning(r.firstLine));
      }
    }
    if (flagged.size === 0) {
      // Only the combination breaks, or too many hunks to test alone: flag the hunk nearest the error.
      const nearest = nearestHunk(f, after.firstLine);
      if (nearest !== undefined) flagged.set(nearest, warning(after.firstLine));
    }
    return { ...f, hunks: f.hunks.map((h) => (flagged.has(h.index) ? { ...h, syntaxWarning: flagged.get(h.index) } : h)) };
  } finally {
    parser.delete();
  }
}

/** The hunk whose output lines are closest to a 1-based output line. */
function nearestHunk(f: FileChange, line: number): number | undefined {
  let shift = 0;
  let best: { d: number; index: number } | undefined;
  for (const h of [...f.hunks].sort((a, b) => a.baseStart - b.baseStart)) {
    const from = h.baseStart + shift + 1;
    const to = from + Math.max(0, h.newLines.length - 1);
    const d = line < from ? from - line : line > to ? line - to : 0;
    if (!best || d < best.d) best = { d, index: h.index };
    shift += h.newLines.length - h.oldLines.length;
  }
  return best?.index;
}

const kept = new Map<string, Promise<TSParser>>();

/**
 * A synchronous syntax oracle for buildChangeSet's check of non-exact hunks, with the grammars of
 * `paths` loaded (the wasm runtime loads asynchronously, parsing is synchronous). Files of other
 * languages, or a grammar that fails to load, get no check.
 */
export async function loadSyntaxOracle(paths: Iterable<string>, opts: SyntaxCheckOptions = {}): Promise<SyntaxOracle> {
  const ready = new Map<string, TSParser>();
  for (const p of paths) {
    const g = grammarFor(p);
    if (!g || ready.has(g)) continue;
    let pp = kept.get(g);
    if (!pp) {
      pp = parserFor(g, opts.wasmDir);
      kept.set(g, pp);
    }
    try {
      ready.set(g, await pp);
    } catch {
      kept.delete(g);
    }
  }
  return {
    errors(path, text) {
      const g = grammarFor(path);
      const parser = g ? ready.get(g) : undefined;
      return parser ? countErrors(parser, text) : undefined;
    },
  };
}
