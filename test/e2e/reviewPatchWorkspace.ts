// The temp workspace of reviewPatch.e2e.ts: one folder per case, patches at the root with
// root-relative paths (so they mean the same whether resolved against the workspace folder
// or the patch file's folder). Expected results are written out literally, byte for byte.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export const GREET = [
  'export function greet(name: string): string {',
  "  return 'Hello, ' + name;",
  '}',
  '',
  "export const DEFAULT_NAME = 'world';",
  '',
].join('\n');

export const GREET_AFTER = [
  'export function greet(name: string): string {',
  '  return `Hello, ${name}!`;',
  '}',
  '',
  "export const DEFAULT_NAME = 'world';",
  '',
].join('\n');

export const UTIL = ['export function shout(text: string): string {', '  return text.toUpperCase();', '}', ''].join('\n');

export const FAREWELL_AFTER = ['export function farewell(name: string): string {', '  return `Goodbye, ${name}.`;', '}', ''].join('\n');

/** Modifies <dir>/src/greet.ts and adds <dir>/src/farewell.ts. */
export function goodPatch(dir: string): string {
  return [
    `--- a/${dir}/src/greet.ts`,
    `+++ b/${dir}/src/greet.ts`,
    '@@ -1,5 +1,5 @@',
    ' export function greet(name: string): string {',
    "-  return 'Hello, ' + name;",
    '+  return `Hello, ${name}!`;',
    ' }',
    ' ',
    " export const DEFAULT_NAME = 'world';",
    '--- /dev/null',
    `+++ b/${dir}/src/farewell.ts`,
    '@@ -0,0 +1,3 @@',
    '+export function farewell(name: string): string {',
    '+  return `Goodbye, ${name}.`;',
    '+}',
    '',
  ].join('\n');
}

/** The first file's hunk applies; the second file's second hunk does not (its context is not in the file). */
export const CONFLICT_PATCH = [
  '--- a/conflict/src/greet.ts',
  '+++ b/conflict/src/greet.ts',
  '@@ -1,3 +1,3 @@',
  ' export function greet(name: string): string {',
  "-  return 'Hello, ' + name;",
  '+  return `Hello, ${name}!`;',
  ' }',
  '--- a/conflict/src/util.ts',
  '+++ b/conflict/src/util.ts',
  '@@ -1,3 +1,3 @@',
  ' export function shout(text: string): string {',
  '-  return text.toUpperCase();',
  "+  return text.toUpperCase() + '!';",
  ' }',
  '@@ -20,3 +20,3 @@',
  ' export function whisper(text: string): string {',
  '-  return text.toLowerCase();',
  "+  return text.toLowerCase() + '...';",
  ' }',
  '',
].join('\n');

export const CASES = ['accept', 'reject', 'conflict'] as const;

/** Creates the workspace; returns its path. */
export function createReviewWorkspace(): string {
  const root = mkdtempSync(join(tmpdir(), 'forge-e2e-ws-'));
  const write = (rel: string, text: string) => {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), text);
  };
  for (const c of CASES) {
    write(`${c}/src/greet.ts`, GREET);
    write(`${c}/src/util.ts`, UTIL);
  }
  write('accept.patch', goodPatch('accept'));
  write('reject.patch', goodPatch('reject'));
  write('conflict.patch', CONFLICT_PATCH);
  return root;
}
