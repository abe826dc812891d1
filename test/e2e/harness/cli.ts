// Small command line around the e2e harness, used by scripts/run-forge.sh.
//   npx tsx test/e2e/harness/cli.ts install        install code-server into .cache/ (or reuse it)
//   npx tsx test/e2e/harness/cli.ts serve [folder] package Forge, start code-server with it, print the URL
import { ensureCodeServer } from './codeServerInstall';
import { serve } from './serve';

async function main(): Promise<void> {
  const [command, ...rest] = process.argv.slice(2);
  if (command === 'install') {
    const r = ensureCodeServer();
    console.log(`code-server ${r.version}: ${r.entry}${r.installSeconds ? ` (installed in ${r.installSeconds.toFixed(0)} s)` : ' (reused)'}`);
    return;
  }
  if (command === 'serve') {
    await serve(rest[0]);
    return;
  }
  console.error('usage: cli.ts install | serve [workspace-folder]');
  process.exit(2);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
