import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { packageExtension } from './packageExtension';
import { repoRoot } from './paths';
import { copyToScratch, startVsCode } from './vscodeServer';

/**
 * Packages Forge, starts code-server with it on 127.0.0.1 and a scratch copy of the sample
 * workspace (so trials never modify the fixture), prints the URL, and runs until Ctrl+C.
 */
export async function serve(folder?: string): Promise<void> {
  const fixture = folder ? resolve(folder) : join(repoRoot, 'test', 'fixtures', 'sample-workspace');
  if (!existsSync(fixture)) throw new Error(`no such folder: ${fixture}`);
  console.log('Packaging Forge...');
  const vsix = packageExtension();
  const workspace = copyToScratch(fixture, 'forge-sample-');
  console.log('Starting code-server (VS Code 1.100.3)...');
  const vsc = await startVsCode({ workspace, vsix, keepRunDir: false, startTimeoutMs: 120_000 });
  console.log('');
  console.log(`Forge is running in VS Code at:  ${vsc.url}`);
  console.log(`Workspace (a scratch copy):      ${workspace}`);
  console.log(`code-server log:                 ${vsc.logPath}`);
  console.log('Open the URL in a browser, open a .patch file and run "Forge: Review Patch..." (F1). Ctrl+C stops it.');
  await new Promise<void>((done) => {
    const stop = () => void vsc.stop().then(done);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  console.log('code-server stopped.');
}
