// Harness self-check without Forge: code-server starts, the workspace opens, the palette runs
// a built-in command, a file opens through Quick Open, and a screenshot is saved.
//   npx tsx test/e2e/harness/selfcheck.ts
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resultsDir } from './paths';
import { startVsCode } from './vscodeServer';
import { Workbench } from './workbench';

async function main(): Promise<void> {
  const ws = mkdtempSync(join(tmpdir(), 'forge-selfcheck-'));
  writeFileSync(join(ws, 'hello.txt'), 'hello\n');
  const t0 = Date.now();
  const vsc = await startVsCode({ workspace: ws });
  let wb: Workbench | undefined;
  try {
    console.log(`healthy after ${vsc.startSeconds.toFixed(1)} s at ${vsc.url}`);
    wb = await Workbench.launch();
    await wb.openWorkbench(vsc.url);
    console.log(`workbench ready after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    await wb.openFile('hello.txt');
    await wb.runCommand('View: Toggle Word Wrap');
    console.log(`palette command ran after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    mkdirSync(resultsDir, { recursive: true });
    await wb.screenshot(join(resultsDir, 'selfcheck.png'));
    console.log(`screenshot: ${join(resultsDir, 'selfcheck.png')}`);
  } finally {
    await wb?.close();
    await vsc.stop();
    rmSync(ws, { recursive: true, force: true });
  }
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
