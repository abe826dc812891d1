import { join, resolve } from 'node:path';

/** The repository root (this file is test/e2e/harness/paths.ts). */
export const repoRoot = resolve(__dirname, '..', '..', '..');

/** Ignored folder that holds the on-demand code-server install (see .gitignore). */
export const codeServerCacheDir = join(repoRoot, '.cache', 'code-server');

/** Ignored folder that holds per-run scratch folders (user data, extensions, workspaces). */
export const runsDir = join(repoRoot, '.cache', 'e2e-runs');

/** Screenshots and logs that a reader looks at after a run. */
export const resultsDir = join(repoRoot, 'test-results', 'e2e');

/** The VSIX that packageExtension() produces. */
export const vsixPath = join(repoRoot, '.cache', 'forge-e2e.vsix');

/** The code-server version this project pins (VS Code 1.100.3; later versions need Node 22+). */
export const CODE_SERVER_VERSION = '4.100.3';
