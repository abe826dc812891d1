// `npm run test:electron`: the integration suite inside a downloaded desktop VS Code (@vscode/test-electron).
// Where VS Code cannot be downloaded (no network), prints one line saying so and exits 0.
// Env: FORGE_VSCODE_VERSION (default 1.100.3, the oldest VS Code Forge supports).
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const version = process.env.FORGE_VSCODE_VERSION ?? '1.100.3';
const NETWORK_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENETUNREACH', 'EHOSTUNREACH']);

function networkError(err) {
  for (let e = err; e; e = e.cause) {
    if (NETWORK_CODES.has(e.code)) return `${e.code}${e.hostname ? ` ${e.hostname}` : ''}`;
    const m = /\b(ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH)\b[^\n]*/.exec(String(e.message ?? ''));
    if (m) return m[0];
  }
  return undefined;
}

/** Quiet until a download really happens (so the offline case prints exactly one line). */
let lastTenth = -1;
const reporter = {
  report(r) {
    if (r.stage === 'downloading' && r.totalBytes) {
      const tenth = Math.floor((10 * r.bytesSoFar) / r.totalBytes);
      if (tenth !== lastTenth) console.log(`downloading VS Code ${version}: ${tenth * 10}%`), (lastTenth = tenth);
    } else if (r.stage === 'newInstallComplete' || r.stage === 'foundMatchingInstall') {
      console.log(`VS Code ${version}: ${r.downloadedPath}`);
    }
  },
  error() {},
};

let executable;
try {
  executable = await downloadAndUnzipVSCode({ version, cachePath: join(root, '.vscode-test'), reporter });
} catch (err) {
  const why = networkError(err);
  if (!why) throw err;
  console.log(`test:electron skipped: VS Code ${version} cannot be downloaded here (${why}); the e2e tier (code-server) covers a real VS Code on this machine.`);
  process.exit(0);
}

execFileSync(process.execPath, ['esbuild.config.mjs'], { cwd: root, stdio: 'inherit' });
execFileSync(process.execPath, ['test/integration/buildSuite.mjs'], { cwd: root, stdio: 'inherit' });

const workspace = mkdtempSync(join(tmpdir(), 'forge-it-ws-'));
const userData = mkdtempSync(join(tmpdir(), 'forge-it-user-'));
cpSync(join(root, 'test', 'fixtures', 'sample-workspace'), workspace, { recursive: true });
try {
  await runTests({
    vscodeExecutablePath: executable,
    extensionDevelopmentPath: root,
    extensionTestsPath: join(root, 'out', 'integration', 'suite', 'index.js'),
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--user-data-dir', userData],
  });
} catch (err) {
  console.error(`test:electron failed: ${err instanceof Error ? err.message : err}`);
  if (!process.env.DISPLAY) console.error('(no DISPLAY: on a headless Linux machine run it under xvfb-run -a npm run test:electron)');
  process.exitCode = 1;
} finally {
  rmSync(workspace, { recursive: true, force: true });
  rmSync(userData, { recursive: true, force: true });
}
