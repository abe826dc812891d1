/** Folder snapshots for the reliability suite: every file's bytes, compared byte for byte (and counted). */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { figures } from './figures';

export type Tree = Map<string, Buffer>;

export function tempFolder(prefix: string, files: Record<string, string> = {}): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `forge-rel-${prefix}-`));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
  return root;
}

/** Every file under root (hidden ones too), by relative path. */
export function snapshot(root: string): Tree {
  const out: Tree = new Map();
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const abs = path.join(dir, e.name);
      if (e.isDirectory()) walk(abs);
      else out.set(path.relative(root, abs), fs.readFileSync(abs));
    }
  };
  walk(root);
  return out;
}

/** The folder holds exactly these files with exactly these bytes (no temporaries, locks or journals either). */
export function assertTree(root: string, expected: Tree | Record<string, string>, label = ''): void {
  const want: Tree = expected instanceof Map ? expected : new Map(Object.entries(expected).map(([k, v]) => [k, Buffer.from(v)]));
  const got = snapshot(root);
  assert.deepEqual([...got.keys()].sort(), [...want.keys()].sort(), `${label} the files in the folder`);
  for (const [rel, bytes] of want) {
    assert.ok(got.get(rel)!.equals(bytes), `${label} ${rel} differs: ${JSON.stringify(got.get(rel)!.toString())}`);
    figures.filesCompared++;
  }
}

/** Which of the two versions a file holds ('old', 'new'), failing on anything else. */
export function oldOrNew(abs: string, oldText: string | null, newText: string | null): 'old' | 'new' {
  const now = fs.existsSync(abs) ? fs.readFileSync(abs) : null;
  figures.filesCompared++;
  const same = (t: string | null) => (t === null ? now === null : now !== null && now.equals(Buffer.from(t)));
  if (same(newText)) return 'new';
  if (same(oldText)) return 'old';
  assert.fail(`${abs} holds neither its old nor its new bytes: ${JSON.stringify(now?.toString())}`);
}

/** One plain sentence or two for the user: no stack, no object dump, not empty, not huge. */
export function assertClearMessage(message: string): void {
  assert.ok(message.trim().length > 10, `message too short: "${message}"`);
  assert.ok(message.length < 400, `message too long: ${message}`);
  assert.doesNotMatch(message, /\n\s+at |\[object |undefined|TypeError|ReferenceError/, message);
}
