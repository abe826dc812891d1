/**
 * An Outliner over tree-sitter (web-tree-sitter + the grammars of @vscode/tree-sitter-wasm). The
 * host supplies the wasm bytes, so the core does no file I/O. Parsers are created per language on
 * first use and reused.
 */
import type { Node, Parser } from 'web-tree-sitter';

/**
 * Loaded lazily with require(): the CommonJS build works inside a CommonJS bundle (dist/cli.js,
 * dist/extension.js), where the ESM build's import.meta.url is undefined.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const treeSitter = (): typeof import('web-tree-sitter') => require('web-tree-sitter');
import type { OutlineSymbol, Outliner } from '../ports';

export interface GrammarSource {
  /** The bytes of tree-sitter-<name>.wasm. */
  grammar(name: string): Promise<Uint8Array>;
  /** The bytes of web-tree-sitter.wasm, when it is not next to the runtime's JS (bundles). */
  runtime?(): Promise<Uint8Array>;
}

const GRAMMAR_OF: Record<string, string> = {
  ts: 'typescript', mts: 'typescript', cts: 'typescript', tsx: 'tsx', js: 'javascript', mjs: 'javascript', cjs: 'javascript', jsx: 'javascript',
  py: 'python', go: 'go', rs: 'rust', java: 'java', cs: 'c-sharp', c: 'cpp', h: 'cpp', cc: 'cpp', cpp: 'cpp', hpp: 'cpp', cxx: 'cpp',
  rb: 'ruby', php: 'php', sh: 'bash', bash: 'bash',
};

/** Node type -> symbol kind. */
const KINDS: Record<string, string> = {
  class_declaration: 'class', abstract_class_declaration: 'class', class_definition: 'class', class_specifier: 'class', class: 'class',
  function_declaration: 'function', generator_function_declaration: 'function', function_definition: 'function', function_item: 'function',
  method_definition: 'method', method_declaration: 'method', method: 'method', constructor_declaration: 'constructor',
  interface_declaration: 'interface', type_alias_declaration: 'type', type_spec: 'type', enum_declaration: 'enum', enum_item: 'enum',
  struct_item: 'struct', struct_specifier: 'struct', trait_item: 'trait', impl_item: 'impl', mod_item: 'module', module: 'module',
  internal_module: 'namespace', namespace_definition: 'namespace',
};

const FUNCTION_VALUES = new Set(['arrow_function', 'function_expression', 'function', 'class', 'generator_function']);

export function grammarFor(path: string): string | undefined {
  const ext = path.toLowerCase().split('.').pop() ?? '';
  return GRAMMAR_OF[ext];
}

export class TreeSitterOutliner implements Outliner {
  private init: Promise<void> | undefined;
  private readonly parsers = new Map<string, Promise<Parser>>();

  constructor(private readonly source: GrammarSource) {}

  private parserFor(grammar: string): Promise<Parser> {
    let p = this.parsers.get(grammar);
    if (!p) {
      p = (async () => {
        const { Language, Parser } = treeSitter();
        this.init ??= this.source.runtime ? this.source.runtime().then((wasmBinary) => Parser.init({ wasmBinary } as any)) : Parser.init();
        await this.init;
        const parser = new Parser();
        parser.setLanguage(await Language.load(await this.source.grammar(grammar)));
        return parser;
      })();
      this.parsers.set(grammar, p);
    }
    return p;
  }

  async outline(path: string, text: string): Promise<OutlineSymbol[] | null> {
    const grammar = grammarFor(path);
    if (!grammar) return null;
    const parser = await this.parserFor(grammar);
    const tree = parser.parse(text);
    if (!tree) return null;
    const out: OutlineSymbol[] = [];
    const visit = (node: Node, depth: number) => {
      let kind = KINDS[node.type];
      let nameNode = node.childForFieldName('name') ?? (node.type === 'impl_item' ? node.childForFieldName('type') : null);
      if (!kind && node.type === 'variable_declarator') {
        const value = node.childForFieldName('value');
        if (value && FUNCTION_VALUES.has(value.type)) kind = 'function';
      }
      if (kind && !nameNode && node.type === 'function_definition') nameNode = node.childForFieldName('declarator');
      let childDepth = depth;
      if (kind) {
        const decl = node.parent?.type === 'export_statement' ? node.parent : node;
        const first = decl.text.split('\n')[0].trim();
        const signature = (first.length > 160 ? `${first.slice(0, 159)}…` : first).replace(/\s*\{\s*\}?\s*$/, '');
        const name = (nameNode?.text ?? '').split('(')[0].trim() || '(anonymous)';
        out.push({ kind, name, signature, startLine: node.startPosition.row + 1, endLine: node.endPosition.row + 1, depth });
        childDepth = depth + 1;
      }
      for (const c of node.namedChildren) if (c) visit(c, childDepth);
    };
    for (const c of tree.rootNode.namedChildren) if (c) visit(c, 0);
    tree.delete();
    return out;
  }
}
