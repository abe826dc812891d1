import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { repoRoot, vsixPath } from './paths';

let packaged: string | undefined;

/**
 * Builds the extension (production) and packages it as a VSIX, once per process; returns its path.
 * FORGE_E2E_BUILT=1: dist/ is fresh, only package. FORGE_E2E_SKIP_PACKAGE=1: reuse an existing VSIX.
 */
export function packageExtension(out: string = vsixPath): string {
  if (packaged === out && existsSync(out)) return out;
  if (process.env.FORGE_E2E_SKIP_PACKAGE === '1' && existsSync(out)) return (packaged = out);
  mkdirSync(dirname(out), { recursive: true });
  const run = (cmd: string, args: string[]) =>
    execFileSync(cmd, args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  try {
    // scripts/test-all.sh sets FORGE_E2E_BUILT=1 after its production build tier passed.
    if (process.env.FORGE_E2E_BUILT !== '1') run(process.execPath, ['esbuild.config.mjs', '--production']);
    const vsce = join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce');
    // The README links to files in the repository (docs/screenshots/): vsce needs a base URL to rewrite them.
    const base = 'https://example.invalid/forge-agent';
    run(process.execPath, [vsce, 'package', '--no-dependencies', '--no-update-package-json', '--baseContentUrl', `${base}/blob/HEAD`, '--baseImagesUrl', `${base}/raw/HEAD`, '-o', out]);
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    throw new Error(`packaging Forge failed: ${e.message}\n${e.stdout ?? ''}\n${e.stderr ?? ''}`);
  }
  if (!existsSync(out) || statSync(out).size === 0) throw new Error(`vsce produced no VSIX at ${out}`);
  return (packaged = out);
}
