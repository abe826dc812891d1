/**
 * Command policy speed: the first check (loads web-tree-sitter and the bash grammar), then the time
 * per line over the unit test's bypass table and allowed lines, and for one long line (a pipeline of
 * 200 commands), each against the baseline of only parsing the same lines (tree-sitter + conversion).
 * Usage: npx tsx bench/commandPolicy.ts [rounds]
 */
import { checkCommand } from '../src/core/policy/commandPolicy';
import { TreeSitterShellParser } from '../src/core/policy/bashParser';
import { nodeGrammarSource } from '../src/node/nodeGrammars';
import { ALLOW, ALLOWED, BYPASSES } from '../test/unit/policy/bypassCases';

async function main(): Promise<void> {
  const rounds = Number(process.argv[2] ?? 20);
  const parser = new TreeSitterShellParser(nodeGrammarSource()!);
  const check = (line: string) => checkCommand(parser, line, { allowlist: ALLOW });
  const t0 = performance.now();
  await check('ls');
  console.log(`first check (loads the bash grammar): ${(performance.now() - t0).toFixed(1)} ms`);

  const lines = [...Object.values(BYPASSES).flat().map(([l]) => l), ...ALLOWED];
  const long = Array.from({ length: 200 }, (_, i) => `grep -n "pattern ${i}" src/file${i}.ts`).join(' | ');
  for (const [name, set] of [[`${lines.length} table lines`, lines], ['a 200-command pipeline', [long]]] as const) {
    const n = rounds * set.length;
    let t = performance.now();
    for (let r = 0; r < rounds; r++) for (const l of set) await parser.parse(l).catch(() => undefined);
    const parseMs = (performance.now() - t) / n;
    t = performance.now();
    for (let r = 0; r < rounds; r++) for (const l of set) await check(l);
    const checkMs = (performance.now() - t) / n;
    console.log(`${name}: ${checkMs.toFixed(3)} ms per check (parse alone ${parseMs.toFixed(3)} ms; ${n} checks)`);
  }
}

void main();
