/**
 * The development corpus: real per-file unified diffs between consecutive published versions of
 * npm packages. Built once with `npm pack` + `git diff --no-index`, cached under bench/.corpus/.
 */
import { execFile, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import type { FileDiff } from './types';
import { parseHunks, textLines } from './udiff';

const run = promisify(execFile);

export const CORPUS_DIR = path.join(__dirname, '..', '.corpus');
const CORPUS_FILE = path.join(CORPUS_DIR, 'corpus.json');
/** Bump when the selection rules change so cached corpora are rebuilt. */
const CORPUS_VERSION = 3;

export const PACKAGES = [
  'ms', 'semver', 'commander', 'chalk', 'yargs-parser', 'minimist', 'debug', 'uuid', 'dotenv',
  'lru-cache', 'p-limit', 'picomatch', 'ini', 'which', 'kleur', 'mime-types', 'escape-string-regexp',
  'camelcase', 'cross-spawn', 'qs', 'cookie', 'ws', 'fast-glob', 'micromatch', 'yaml',
];

const LIMITS = { perPackage: 16, total: 320, pairsTried: 8, maxLines: 3000, maxHunks: 30, maxDiffLines: 600, maxLineLen: 400 };
const TEXT_EXT = /\.(js|mjs|cjs|ts|mts|cts|jsx|tsx|md|json)$/;
const SKIP = /(^|\/)(package\.json|package-lock\.json|yarn\.lock)$|\.map$|\.min\.js$/;

interface CorpusFile {
  version: number;
  files: FileDiff[];
}

export async function loadCorpus(log: (s: string) => void = () => {}): Promise<FileDiff[]> {
  if (fs.existsSync(CORPUS_FILE)) {
    const c = JSON.parse(fs.readFileSync(CORPUS_FILE, 'utf8')) as CorpusFile;
    if (c.version === CORPUS_VERSION) return c.files;
  }
  log('building corpus (npm pack; cached under bench/.corpus/) ...');
  const files: FileDiff[] = [];
  for (const pkg of PACKAGES) {
    const got = await packageDiffs(pkg, log);
    files.push(...got);
    log(`  ${pkg}: ${got.length} file diffs`);
    if (files.length >= LIMITS.total) break;
  }
  const capped = files.slice(0, LIMITS.total);
  fs.mkdirSync(CORPUS_DIR, { recursive: true });
  fs.writeFileSync(CORPUS_FILE, JSON.stringify({ version: CORPUS_VERSION, files: capped } satisfies CorpusFile));
  return capped;
}

async function packageDiffs(pkg: string, log: (s: string) => void): Promise<FileDiff[]> {
  const versions = (await listVersions(pkg)).filter((v) => /^\d+\.\d+\.\d+$/.test(v));
  const out: FileDiff[] = [];
  for (let i = versions.length - 1, tried = 0; i > 0 && tried < LIMITS.pairsTried; i--, tried++) {
    if (out.length >= LIMITS.perPackage) break;
    const [a, b] = [versions[i - 1], versions[i]];
    try {
      const [da, db] = await Promise.all([unpacked(pkg, a), unpacked(pkg, b)]);
      for (const d of diffTrees(pkg, a, b, da, db)) if (out.length < LIMITS.perPackage) out.push(d);
    } catch (e) {
      log(`  ${pkg}@${a}..${b}: skipped (${(e as Error).message.split('\n')[0]})`);
    }
  }
  return out;
}

async function listVersions(pkg: string): Promise<string[]> {
  const cache = path.join(CORPUS_DIR, 'versions', `${pkg}.json`);
  if (!fs.existsSync(cache)) {
    const { stdout } = await run('npm', ['view', pkg, 'versions', '--json'], { maxBuffer: 1 << 24 });
    fs.mkdirSync(path.dirname(cache), { recursive: true });
    fs.writeFileSync(cache, stdout);
  }
  const v = JSON.parse(fs.readFileSync(cache, 'utf8')) as string | string[];
  return Array.isArray(v) ? v : [v];
}

/** `npm pack NAME@VER` + unpack; returns the unpacked "package" folder. */
async function unpacked(pkg: string, ver: string): Promise<string> {
  const dir = path.join(CORPUS_DIR, 'pkgs', `${pkg}@${ver}`);
  const root = path.join(dir, 'package');
  if (fs.existsSync(path.join(dir, '.done'))) return root;
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const { stdout } = await run('npm', ['pack', `${pkg}@${ver}`, '--pack-destination', dir, '--json', '--silent'], {
    maxBuffer: 1 << 24,
  });
  const tgz = path.join(dir, (JSON.parse(stdout) as { filename: string }[])[0].filename);
  await run('tar', ['-xzf', tgz, '-C', dir]);
  fs.rmSync(tgz);
  // Some tarballs use a folder other than "package/".
  if (!fs.existsSync(root)) {
    const sub = fs.readdirSync(dir).find((n) => fs.statSync(path.join(dir, n)).isDirectory());
    if (sub) fs.renameSync(path.join(dir, sub), root);
  }
  fs.writeFileSync(path.join(dir, '.done'), '');
  return root;
}

function walk(root: string, rel = ''): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
    const p = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...walk(root, p));
    else if (e.isFile()) out.push(p);
  }
  return out.sort();
}

function readText(file: string): string | undefined {
  const buf = fs.readFileSync(file);
  if (buf.includes(0)) return undefined;
  const s = buf.toString('utf8');
  return Buffer.from(s, 'utf8').equals(buf) ? s : undefined;
}

function usable(s: string): boolean {
  const lines = textLines(s);
  return lines.length <= LIMITS.maxLines && lines.every((l) => l.length <= LIMITS.maxLineLen);
}

function diffTrees(pkg: string, from: string, to: string, da: string, db: string): FileDiff[] {
  const inB = new Set(walk(db));
  const out: FileDiff[] = [];
  for (const rel of walk(da)) {
    if (!inB.has(rel) || !TEXT_EXT.test(rel) || SKIP.test(rel)) continue;
    const base = readText(path.join(da, rel));
    const truth = readText(path.join(db, rel));
    if (base === undefined || truth === undefined || base === truth || !usable(base) || !usable(truth)) continue;
    if (base.includes('\r') || truth.includes('\r')) continue; // CRLF rows are made explicitly
    const hunks = gitDiff(path.join(da, rel), path.join(db, rel));
    const parsed = parseHunks(hunks);
    if (parsed.length === 0 || parsed.length > LIMITS.maxHunks) continue;
    if (hunks.split('\n').length > LIMITS.maxDiffLines) continue;
    const d: FileDiff = { id: `${pkg}@${from}..${to}:${rel}`, pkg, from, to, path: rel, base, truth, hunks };
    const last = parsed[parsed.length - 1];
    if (base.endsWith('\n') && truth.endsWith('\n') && last.oldStart + last.oldCount - 1 >= textLines(base).length) {
      d.noEol = noEolVariant(base.slice(0, -1), truth.slice(0, -1));
    }
    out.push(d);
  }
  return out;
}

function noEolVariant(base: string, truth: string): FileDiff['noEol'] {
  const tmp = fs.mkdtempSync(path.join(CORPUS_DIR, 'tmp-'));
  try {
    fs.writeFileSync(path.join(tmp, 'a'), base);
    fs.writeFileSync(path.join(tmp, 'b'), truth);
    return { base, truth, hunks: gitDiff(path.join(tmp, 'a'), path.join(tmp, 'b')) };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** The hunks (from the first "@@") of `git diff --no-index -U3 a b`. */
export function gitDiff(a: string, b: string): string {
  const r = spawnSync('git', ['diff', '--no-index', '--no-color', '--no-ext-diff', '-U3', a, b], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  if (r.status !== 0 && r.status !== 1) throw new Error(`git diff failed: ${r.stderr}`);
  const at = r.stdout.indexOf('\n@@');
  return at < 0 ? '' : r.stdout.slice(at + 1);
}

if (require.main === module) {
  loadCorpus(console.log).then((f) => {
    const pkgs = new Set(f.map((d) => d.pkg));
    console.log(`${f.length} file diffs from ${pkgs.size} packages; ${f.filter((d) => d.noEol).length} with a no-EOL variant`);
  });
}
