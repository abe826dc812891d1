/**
 * Child process for the writer tests: applies an edit (argv: root, patch file, step) with the real
 * writer and kills itself with SIGKILL just before commit step `step`, as a crash or `kill -9`
 * would, leaving whatever the writer had done so far on disk.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildChangeSet } from '../../src/core/edits/changeSet/buildChangeSet';
import { parseEdit } from '../../src/core/edits/parse/parseEdit';
import { writeChangeSet } from '../../src/node/write/writeChangeSet';

const [root, patchFile, stepText] = process.argv.slice(2);
const parsed = parseEdit(fs.readFileSync(patchFile, 'utf8'));
const bases = new Map<string, string | null>();
for (const f of parsed.files) {
  const abs = path.join(root, f.path);
  bases.set(f.path, fs.existsSync(abs) ? fs.readFileSync(abs, 'utf8') : null);
}
const built = buildChangeSet(parsed, bases);
if (!built.ok) throw new Error(built.refusals[0].reason);
writeChangeSet(built.changeSet, bases, {
  abs: (rel) => path.join(root, rel),
  beforeCommitStep: (step) => {
    if (step === Number(stepText)) process.kill(process.pid, 'SIGKILL');
  },
});
