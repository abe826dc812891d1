import { copyFileSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { packageExtension } from './packageExtension';
import { resultsDir } from './paths';
import { removeAtExit } from './processes';
import { RunningVsCode, startVsCode, StartOptions } from './vscodeServer';
import { Workbench } from './workbench';

export interface SessionOptions extends Omit<StartOptions, 'workspace' | 'vsix'> {
  /** Creates the workspace folder (called once, before code-server starts). */
  workspace: () => string;
  /** Install the freshly packaged Forge VSIX (default true). */
  withForge?: boolean;
}

/** What a test uses: the browser page and the server. Valid between before() and after(). */
export interface Session {
  wb: Workbench;
  server: RunningVsCode;
  workspace: string;
  /** Saves a screenshot to test-results/e2e/<name>.png (always, not only on failure). */
  shot(name: string): Promise<string>;
}

export function slug(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 120);
}

/**
 * One code-server + one chromium per describe() block, shared by its tests.
 * On a failed test (or a failed start) a screenshot and the code-server log go to
 * test-results/e2e/<test name>/. Whatever was started is always stopped in after(),
 * and, failing that, by the process exit handlers in processes.ts.
 */
export function useVsCodeSession(opts: SessionOptions): Session {
  const session = {} as Session;
  let server: RunningVsCode | undefined;
  let wb: Workbench | undefined;

  before(async function () {
    this.timeout(15 * 60_000); // first run installs code-server
    mkdirSync(resultsDir, { recursive: true });
    const title = this.test?.parent?.fullTitle() ?? 'e2e';
    try {
      const t0 = Date.now();
      const vsix = opts.withForge === false ? undefined : packageExtension();
      const t1 = Date.now();
      session.workspace = opts.workspace();
      removeAtExit(session.workspace);
      server = await startVsCode({ ...opts, workspace: session.workspace, vsix, keepRunDir: false });
      wb = await Workbench.launch(server.runDir);
      await wb.openWorkbench(server.url);
      const t2 = Date.now();
      const install = server.installSeconds ? `code-server install ${server.installSeconds.toFixed(0)} s, ` : '';
      console.log(
        `      [e2e] package ${((t1 - t0) / 1000).toFixed(1)} s, ${install}code-server healthy ${server.startSeconds.toFixed(1)} s, ` +
          `workbench ready ${((t2 - t1) / 1000 - server.installSeconds).toFixed(1)} s after start`,
      );
      Object.assign(session, { wb, server });
      session.shot = async (name: string) => {
        const p = join(resultsDir, `${slug(name)}.png`);
        await wb!.screenshot(p);
        return p;
      };
    } catch (err) {
      await saveArtifacts(`${title} startup`, server, wb);
      throw err;
    }
  });

  afterEach(async function () {
    const t = this.currentTest;
    if (t && t.state !== 'passed' && t.state !== 'pending') await saveArtifacts(t.fullTitle(), server, wb);
  });

  after(async function () {
    this.timeout(60_000);
    try {
      await wb?.close();
    } finally {
      await server?.stop();
    }
  });

  return session;
}

/** Screenshot + code-server log under test-results/e2e/<name>/. Never throws. */
export async function saveArtifacts(name: string, server?: RunningVsCode, wb?: Workbench): Promise<void> {
  const dir = join(resultsDir, slug(name));
  try {
    mkdirSync(dir, { recursive: true });
    if (server && existsSync(server.logPath)) copyFileSync(server.logPath, join(dir, 'code-server.log'));
    if (server) copyExtensionHostLogs(server.runDir, dir);
    if (wb) await wb.screenshot(join(dir, 'failure.png'));
    console.log(`      [e2e] failure artifacts: ${dir}`);
  } catch (err) {
    console.log(`      [e2e] could not save all failure artifacts to ${dir}: ${String(err)}`);
  }
}

/** The extension host's own log (exthost.log) says why an extension failed to activate. */
function copyExtensionHostLogs(runDir: string, dir: string): void {
  const root = join(runDir, 'user-data', 'logs');
  if (!existsSync(root)) return;
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/^(exthost|remoteexthost|renderer|remoteagent)\.log$|Forge.*\.log$/i.test(name)) copyFileSync(p, join(dir, name));
    }
  };
  walk(root);
}
