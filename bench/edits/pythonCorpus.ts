/**
 * Synthetic edits of real Python files (Debian's stdlib in /usr/lib/python3.11, when present):
 * for a seeded choice of modules, a line inserted at the indentation of the statement it precedes
 * and a line changed (a trailing comment), kept only when the result parses as well as the original
 * (tree-sitter). Each gives a FileDiff like the npm corpus's, so every corruption row runs on Python
 * (4-space indentation) too. Nothing is written or downloaded.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { structuredPatch } from 'diff';
import type { SyntaxOracle } from '../../src/core/edits/check/syntaxGate';
import { Rng } from './rng';
import type { FileDiff } from './types';

const ROOT = '/usr/lib/python3.11';
const OPENERS = /^(else|elif|except|finally|case)\b|^[)\]}]/;

export function pythonFileDiffs(limit: number, seed: number, oracle: SyntaxOracle): FileDiff[] {
  if (!fs.existsSync(ROOT)) return [];
  const files = fs.readdirSync(ROOT).filter((f) => f.endsWith('.py')).sort();
  const rng = new Rng(`${seed}:python`);
  const out: FileDiff[] = [];
  for (const f of rng.shuffle(files)) {
    if (out.length >= limit) break;
    const base = fs.readFileSync(path.join(ROOT, f), 'utf8');
    const lines = base.split('\n');
    if (lines.length < 60 || lines.length > 3000 || base.includes('\t') || base.includes('\r')) continue;
    const fd = editOnce(f, base, lines, new Rng(`${seed}:python:${f}`), oracle);
    if (fd) out.push(fd);
  }
  return out;
}

function editOnce(file: string, base: string, lines: string[], rng: Rng, oracle: SyntaxOracle): FileDiff | undefined {
  const p = `py/${file}`;
  const ok = (i: number) => {
    const l = lines[i];
    const prev = lines[i - 1] ?? '';
    return /^ {4,}[a-z_]/.test(l) && !OPENERS.test(l.trim()) && !/[,(\[{\\:]\s*$/.test(prev) && !/[,(\[{\\]\s*$/.test(l) && !l.includes('"""') && !l.includes("'''") && !l.includes('#');
  };
  const spots = lines.map((_, i) => i).filter((i) => i > 5 && ok(i));
  if (spots.length < 4) return undefined;
  const [ins, mod] = [rng.pick(spots), rng.pick(spots)];
  if (Math.abs(ins - mod) < 8) return undefined;
  const next = [...lines];
  const ind = /^ */.exec(lines[ins])![0];
  next[mod] = `${lines[mod]}  # checked`;
  next.splice(ins, 0, `${ind}_trace(${JSON.stringify(file)}, ${ins + 1})`);
  const truth = next.join('\n');
  const eb = oracle.errors(p, base);
  const et = oracle.errors(p, truth);
  if (!eb || !et || et.count > eb.count) return undefined;
  return { id: `python:${file}`, pkg: 'python3.11', from: 'stdlib', to: 'edit', path: p, base, truth, hunks: hunksOf(base, truth) };
}

/** The `@@` part of a unified diff (3 lines of context) between two texts. */
export function hunksOf(base: string, truth: string): string {
  const sp = structuredPatch('a', 'b', base, truth, '', '', { context: 3 });
  const out: string[] = [];
  for (const h of sp.hunks) {
    out.push(`@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@`);
    out.push(...h.lines);
  }
  return out.join('\n');
}
