import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { packageExtension } from './packageExtension';
import { repoRoot } from './paths';
import { removeAtExit } from './processes';
import { copyToScratch, startVsCode } from './vscodeServer';

/**
 * Packages Forge, starts code-server with it on 127.0.0.1 and a scratch copy of the sample
 * workspace (so trials never modify the fixture), prints the URL, and runs until Ctrl+C.
 */
export async function serve(folder?: string): Promise<void> {
  if (folder && !existsSync(folder)) throw new Error(`no such folder: ${folder}`);
  console.log('Packaging Forge...');
  const vsix = packageExtension();
  // The sample fixture is copied so trials never modify it; a folder the user names opens in place.
  const workspace = folder ? resolve(folder) : copyToScratch(join(repoRoot, 'test', 'fixtures', 'sample-workspace'), 'forge-sample-');
  if (!folder) removeAtExit(workspace);
  console.log('Starting code-server (VS Code 1.100.3)...');
  const vsc = await startVsCode({ workspace, vsix, keepRunDir: false, startTimeoutMs: 120_000 });
  console.log('');
  console.log(`Forge is running in VS Code at:  ${vsc.url}`);
  console.log(`Workspace${folder ? ':                       ' : ' (a scratch copy):      '}${workspace}`);
  console.log(`code-server log:                 ${vsc.logPath}`);
  console.log('Open the URL in a browser, open a .patch file and run "Forge: Review Patch..." (F1). Ctrl+C stops it.');
  // Ctrl+C: the exit handlers of processes.ts kill code-server's process group and remove the scratch folders.
  process.on('exit', () => console.log('\ncode-server stopped.'));
  await new Promise<void>(() => undefined);
}
