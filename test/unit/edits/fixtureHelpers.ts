/** Helpers shared by the edit fixture runner and the CLI tests: file trees and captured CLI output. */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CliIo } from '../../../src/cli/io';

export function readTree(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  if (!fs.existsSync(dir)) return out;
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.set(path.relative(dir, p).split(path.sep).join('/'), fs.readFileSync(p));
    }
  };
  walk(dir);
  return out;
}

export function assertSameTree(actualDir: string, expected: Map<string, Buffer>): void {
  const actual = readTree(actualDir);
  assert.deepEqual([...actual.keys()].sort(), [...expected.keys()].sort(), 'the same files');
  for (const [p, bytes] of expected) {
    assert.equal(actual.get(p)!.toString('utf8'), bytes.toString('utf8'), `content of ${p}`);
    assert.ok(actual.get(p)!.equals(bytes), `bytes of ${p}`);
  }
}

export function captureIo(cwd: string, stdin = ''): CliIo & { out: string; err: string } {
  const io = {
    cwd,
    out: '',
    err: '',
    stdout(t: string) {
      io.out += t;
    },
    stderr(t: string) {
      io.err += t;
    },
    readStdin: async () => stdin,
  };
  return io;
}

