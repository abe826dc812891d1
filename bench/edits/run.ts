/**
 * Edit-accuracy benchmark: real npm version diffs, corrupted the way models corrupt them, applied by
 * Forge and by jsdiff / git apply / GNU patch. Prints a table per corruption type and writes
 * bench/results/edits.json. Usage: npx tsx bench/edits/run.ts [--seed N] [--kinds a,b] [--limit N]
 *   [--no-baselines] [--show N] [--case ID]
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { BASELINES, pool, runCliBatch, runJsdiff } from './baselines';
import { loadCorpus } from './corpus';
import { unifiedCases } from './corrupt';
import { loadForge, runForge, type ForgeResult } from './forge';
import { loadSyntaxOracle } from '../../src/core/edits/check/syntaxCheck';
import { otherFormatCases } from './formats';
import { modelErrorCases } from './modelErrors';
import { pythonFileDiffs } from './pythonCorpus';
import { formatTable, pct, summarize, type Row } from './report';
import type { Case } from './types';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? undefined : (process.argv[i + 1] ?? '');
}
const flag = (name: string) => process.argv.includes(`--${name}`);

async function main(): Promise<void> {
  const t0 = performance.now();
  const seed = Number(arg('seed') ?? 1);
  const npmFiles = await loadCorpus((s) => console.log(s));
  // Synthetic edits of real Python files (several languages, 4-space indentation); --no-python leaves them out.
  const pyOracle = await loadSyntaxOracle(['x.py']);
  const pyFiles = flag('no-python') ? [] : pythonFileDiffs(Number(arg('python') ?? 60), seed, pyOracle);
  const files = [...npmFiles, ...pyFiles];
  let cases: Case[] = [...unifiedCases(files, seed), ...otherFormatCases(files, seed), ...modelErrorCases(files, seed)];
  const kinds = arg('kinds')?.split(',');
  if (kinds) cases = cases.filter((c) => kinds.includes(c.kind));
  const limit = Number(arg('limit') ?? Infinity);
  const perKind = new Map<string, number>();
  cases = cases.filter((c) => (perKind.set(c.kind, (perKind.get(c.kind) ?? 0) + 1).get(c.kind) ?? 0) <= limit);
  const only = arg('case');
  if (only !== undefined) return showCase(cases.find((c) => c.id === only), only);

  const pkgs = new Set(npmFiles.map((f) => f.pkg));
  console.log(`corpus: ${npmFiles.length} real file diffs from ${pkgs.size} npm packages, ${pyFiles.length} synthetic edits of Python stdlib files; ${cases.length} cases (seed ${seed})`);
  const engine = loadForge();
  if (typeof engine !== 'string' && !flag('no-syntax')) {
    engine.syntax = await loadSyntaxOracle(new Set(cases.map((c) => c.path)));
  }
  const tools = ['Forge', ...(flag('no-baselines') ? [] : BASELINES)];
  const rows: Row[] = cases.map(() => ({}));

  let forgeMs = 0;
  if (typeof engine === 'string') console.log(`Forge: NOT AVAILABLE (${engine}); its column shows n/a`);
  cases.forEach((c, i) => {
    if (typeof engine === 'string') return void (rows[i].Forge = { outcome: 'n/a', reason: engine });
    const r = runForge(engine, c);
    forgeMs += r.ms ?? 0;
    rows[i].Forge = r;
  });
  const tb = performance.now();
  if (!flag('no-baselines')) {
    cases.forEach((c, i) => {
      rows[i]['jsdiff fuzz0'] = c.create ? { outcome: 'n/a' } : runJsdiff(c, 0);
      rows[i]['jsdiff fuzz2'] = c.create ? { outcome: 'n/a' } : runJsdiff(c, 2);
    });
    const unified = cases.map((c, i) => ({ c, i })).filter((x) => x.c.format === 'unified' && !x.c.create);
    const jobs: (() => Promise<void>)[] = [];
    for (let at = 0; at < unified.length; at += 100) {
      const batch = unified.slice(at, at + 100);
      for (const [tool, name] of [['git', 'git apply --recount'], ['patch', 'patch --fuzz=3']] as const) {
        jobs.push(async () => {
          const res = await runCliBatch(batch.map((x) => x.c), tool);
          batch.forEach((x, k) => (rows[x.i][name] = res[k]));
        });
      }
    }
    cases.forEach((c, i) => {
      if (c.format !== 'unified' || c.create) rows[i]['git apply --recount'] = rows[i]['patch --fuzz=3'] = { outcome: 'n/a' };
    });
    await pool(jobs, 2);
  }
  const baselineS = (performance.now() - tb) / 1000;

  const sums = summarize(cases, rows, tools);
  console.log('\nc/r/w = correct (byte-identical to the real later version) / refused (failed, file untouched) / wrong');
  console.log(formatTable(sums, tools));
  const total = sums[sums.length - 1];
  const uni = summarize(cases.filter((c) => c.format === 'unified'), rows.filter((_, i) => cases[i].format === 'unified'), tools);
  const uniTotal = uni[uni.length - 1];
  console.log(`\ncorrect over recoverable unified-diff cases (${uniTotal.recoverable}): ` + tools.map((t) => `${t} ${pct(uniTotal.recoverableCorrect[t], uniTotal.recoverable)}`).join(', '));
  const f = total.tools.Forge;
  const fr = rows.map((r) => r.Forge as ForgeResult);
  const wrong = cases.map((c, i) => ({ c, r: fr[i] })).filter((x) => x.r.outcome === 'wrong');
  const refusedRec = cases.map((c, i) => ({ c, r: fr[i] })).filter((x) => x.c.recoverable && x.r.outcome === 'refused');
  const crashes = fr.filter((r) => r.crash).length;
  if (typeof engine !== 'string') {
    console.log(`Forge overall: ${total.recoverableCorrect.Forge}/${total.recoverable} recoverable cases correct (${pct(total.recoverableCorrect.Forge, total.recoverable)}); ` +
      `wrong ${f.wrong} (${wrong.filter((x) => x.c.recoverable).length} on recoverable); refused on recoverable ${refusedRec.length}; crashes ${crashes}; ` +
      `Forge time ${forgeMs.toFixed(0)} ms total, ${(forgeMs / Math.max(1, cases.length)).toFixed(2)} ms/case`);
    const show = Number(arg('show') ?? 40);
    const list = (title: string, xs: typeof wrong) => {
      console.log(`\n${title}: ${xs.length}${xs.length > show ? ` (first ${show}; all in bench/results/edits.json)` : ''}`);
      for (const { c, r } of xs.slice(0, show)) console.log(`  ${c.id}${c.recoverable ? '' : ' [unrecoverable]'}\n      ${(r.reason ?? '').slice(0, 300)}`);
    };
    list('Forge WRONG results', wrong);
    list('Forge refusals on recoverable cases', refusedRec);
    console.log('Reproduce one: npx tsx bench/edits/run.ts --case <id>');
  }
  const seconds = (performance.now() - t0) / 1000;
  console.log(`\ntotal run time ${seconds.toFixed(1)} s (baselines ${baselineS.toFixed(1)} s)`);

  const out = path.join(__dirname, '..', 'results', 'edits.json');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, JSON.stringify({
    date: new Date().toISOString(), seed, seconds, corpus: { files: files.length, packages: [...pkgs] },
    forge: typeof engine === 'string' ? { available: false, why: engine } : { available: true, ms: forgeMs, crashes },
    tools, rows: sums,
    forgeWrong: wrong.map(({ c, r }) => ({ id: c.id, recoverable: c.recoverable, reason: r.reason })),
    forgeRefusedRecoverable: refusedRec.map(({ c, r }) => ({ id: c.id, reason: r.reason })),
  }, null, 1));
  console.log(`wrote ${path.relative(process.cwd(), out)}`);
}

async function showCase(c: Case | undefined, id: string): Promise<void> {
  if (!c) return void console.log(`no case ${id}`);
  console.log(`# ${c.id}  (${c.format}, ${c.recoverable ? 'recoverable' : 'unrecoverable'}${c.note ? `: ${c.note}` : ''})\n--- edit ---\n${c.edit}`);
  const engine = loadForge();
  if (typeof engine !== 'string' && !flag('no-syntax')) engine.syntax = await loadSyntaxOracle([c.path]);
  if (typeof engine === 'string') return void console.log(`Forge: ${engine}`);
  const r = runForge(engine, c);
  console.log(`--- Forge: ${r.outcome}${r.reason ? ` — ${r.reason}` : ''}`);
  if (r.outcome === 'wrong' && typeof r.output === 'string') console.log(createTwoFilesPatch('truth', 'forge', c.truth, r.output));
  for (const b of [0, 2]) console.log(`jsdiff fuzz${b}: ${runJsdiff(c, b).outcome}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
