/**
 * Forge's edit engine through its documented API: parseEdit -> buildChangeSet -> renderFile.
 * Loaded lazily so the benchmark still runs (and says so) while the engine is being written.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ChangeSet, HunkRefusal } from '../../src/core/edits/changeSet/changeSet';
import type { ParsedEdit } from '../../src/core/edits/parse/parsedEdit';
import type { SyntaxOracle } from '../../src/core/edits/check/syntaxGate';
import { renderFile } from '../../src/core/edits/changeSet/textDoc';
import { classify } from './baselines';
import type { Case, ToolResult } from './types';

type ParseEdit = (text: string, opts?: { format?: 'auto' | 'unified' | 'search-replace' | 'apply-patch' | 'whole' }) => ParsedEdit;
type BuildChangeSet = (
  parsed: ParsedEdit,
  bases: ReadonlyMap<string, string | null>,
  opts?: { syntax?: SyntaxOracle },
) => { ok: boolean; changeSet: ChangeSet; refusals: HunkRefusal[] };

export interface ForgeEngine {
  parseEdit: ParseEdit;
  buildChangeSet: BuildChangeSet;
  /** The syntax check of non-exact hunks (as the hosts run it); absent with --no-syntax. */
  syntax?: SyntaxOracle;
}

const EDITS = path.join(__dirname, '..', '..', 'src', 'core', 'edits');

/** The engine, or a sentence saying why it is not available. */
export function loadForge(): ForgeEngine | string {
  for (const f of ['parse/parseEdit.ts', 'changeSet/buildChangeSet.ts']) if (!fs.existsSync(path.join(EDITS, f))) return `src/core/edits/${f} not found`;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const p = require(path.join(EDITS, 'parse', 'parseEdit')) as { parseEdit?: ParseEdit };
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const b = require(path.join(EDITS, 'changeSet', 'buildChangeSet')) as { buildChangeSet?: BuildChangeSet };
    if (typeof p.parseEdit !== 'function' || typeof b.buildChangeSet !== 'function') return 'parseEdit/buildChangeSet not exported';
    return { parseEdit: p.parseEdit, buildChangeSet: b.buildChangeSet };
  } catch (e) {
    return `failed to load: ${(e as Error).message.split('\n')[0]}`;
  }
}

export interface ForgeResult extends ToolResult {
  crash?: boolean;
  /** Forge's output text when it reported success. */
  output?: string | null;
}

function describe(r: HunkRefusal): string {
  const c = r.closest;
  const at = c ? ` [closest L${c.startLine}-${c.endLine} score ${c.score.toFixed(2)}]` : '';
  return `hunk ${r.hunkIndex}: ${r.reason}${at}`;
}

export function runForge(engine: ForgeEngine, c: Case): ForgeResult {
  const t0 = performance.now();
  try {
    const parsed = engine.parseEdit(c.edit);
    // As a host would: read every file the edit names (only the case's file exists).
    const bases = new Map<string, string | null>();
    for (const f of parsed.files) for (const p of [f.path, f.newPath]) if (p) bases.set(p, p === c.path && !c.create ? c.base : null);
    const r = engine.buildChangeSet(parsed, bases, { syntax: engine.syntax });
    const ms = performance.now() - t0;
    if (!r.ok) {
      const why = [...r.refusals.map(describe), ...parsed.problems.map((p) => `parse L${p.line}: ${p.message}`)];
      return { ...classify(c, false, c.base, why.join('; ') || 'refused without a reason'), ms };
    }
    let after: string | null = c.base;
    const other: string[] = [];
    for (const fc of r.changeSet.files) {
      if (fc.path === c.path && !fc.newPath) after = renderFile(c.create ? null : c.base, fc);
      else other.push(`${fc.action} ${fc.path}${fc.newPath ? ` -> ${fc.newPath}` : ''}`);
    }
    const res = classify(c, true, after);
    if (other.length) return { outcome: 'wrong', reason: `touched other files: ${other.join(', ')}`, ms, output: after };
    return { ...res, ms, output: after };
  } catch (e) {
    const msg = (e as Error).stack?.split('\n').slice(0, 2).join(' ') ?? String(e);
    return { outcome: 'refused', reason: `CRASH: ${msg}`, crash: true, ms: performance.now() - t0 };
  }
}
