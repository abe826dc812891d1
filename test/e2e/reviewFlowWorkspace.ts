// The temp workspace of review.e2e.ts: one folder per scenario, each with its own patch at the
// root (paths relative to the root). Originals and the expected results are written out
// literally, byte for byte, as an independent check of what the test derives from the panel.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const lf = (lines: string[]) => lines.map((l) => l + '\n').join('');
const crlf = (lines: string[]) => lines.map((l) => l + '\r\n').join('');

// --- the 3-file change set: calc.ts (two hunks), names.ts (one hunk, CRLF), extra.ts (new) ------

const CALC_LINES = [
  'export function add(a: number, b: number): number {',
  '  return a + b;',
  '}',
  '',
  'export function sub(a: number, b: number): number {',
  '  return a - b;',
  '}',
  '',
  'export function mul(a: number, b: number): number {',
  '  return a * b;',
  '}',
  '',
  'export function div(a: number, b: number): number {',
  '  return a / b;',
  '}',
];
export const CALC = lf(CALC_LINES);
/** calc.ts with only its first hunk applied. */
export const CALC_HUNK1 = lf([...CALC_LINES.slice(0, 1), '  // Adds two numbers.', ...CALC_LINES.slice(1)]);

const NAMES_LINES = ["export const NAMES = ['ada', 'grace'];", '', 'export function greeting(name: string): string {', "  return 'Hi ' + name;", '}'];
/** CRLF on purpose: the bytes written must keep the file's line endings. */
export const NAMES = crlf(NAMES_LINES);
/** What the test types over the proposed line in the panel's editor. */
export const NAMES_PROPOSED_LINE = '  return `Hi, ${name}`;';
export const NAMES_EDITED_LINES = ['  const n = name.trim();', '  return `Hello, ${n}!`;'];
export const NAMES_EDITED = crlf([...NAMES_LINES.slice(0, 3), ...NAMES_EDITED_LINES, '}']);

export function threeFilePatch(dir: string): string {
  return [
    `--- a/${dir}/src/calc.ts`,
    `+++ b/${dir}/src/calc.ts`,
    '@@ -1,3 +1,4 @@',
    ' export function add(a: number, b: number): number {',
    '+  // Adds two numbers.',
    '   return a + b;',
    ' }',
    '@@ -13,3 +14,4 @@',
    ' export function div(a: number, b: number): number {',
    "+  if (b === 0) throw new Error('division by zero');",
    '   return a / b;',
    ' }',
    `--- a/${dir}/src/names.ts`,
    `+++ b/${dir}/src/names.ts`,
    '@@ -3,3 +3,3 @@',
    ' export function greeting(name: string): string {',
    "-  return 'Hi ' + name;",
    `+${NAMES_PROPOSED_LINE}`,
    ' }',
    '--- /dev/null',
    `+++ b/${dir}/src/extra.ts`,
    '@@ -0,0 +1,3 @@',
    '+export function negate(a: number): number {',
    '+  return -a;',
    '+}',
    '',
  ].join('\n');
}

// --- CodeLens: counter.ts, two hunks ---------------------------------------------------------

const COUNTER_LINES = [
  'export class Counter {',
  '  private n = 0;',
  '',
  '  increment(): number {',
  '    this.n += 1;',
  '    return this.n;',
  '  }',
  '',
  '  reset(): void {',
  '    this.n = 0;',
  '  }',
  '}',
];
export const COUNTER = lf(COUNTER_LINES);
const withLine = (lines: string[], i: number, text: string) => lines.map((l, k) => (k === i ? text : l));
export const COUNTER_HUNK1 = lf(withLine(COUNTER_LINES, 4, '    this.n++;'));
export const COUNTER_BOTH = lf(withLine(withLine(COUNTER_LINES, 4, '    this.n++;'), 9, '    this.n = 0; // start over'));
/** 1-based line of the second hunk's changed line (where the test puts the cursor). */
export const COUNTER_HUNK2_LINE = 10;

export const LENS_PATCH = [
  '--- a/lens/src/counter.ts',
  '+++ b/lens/src/counter.ts',
  '@@ -4,3 +4,3 @@',
  '   increment(): number {',
  '-    this.n += 1;',
  '+    this.n++;',
  '     return this.n;',
  '@@ -9,3 +9,3 @@',
  '   reset(): void {',
  '-    this.n = 0;',
  '+    this.n = 0; // start over',
  '   }',
  '',
].join('\n');

// --- Stale files: parse.ts gets its hunk's lines changed on disk, lerp.ts other lines ---------

export const PARSE = lf(['export function parse(input: string): number {', '  return parseInt(input, 10);', '}']);
/** Written by the test after the proposal: the line the hunk replaces is gone. */
export const PARSE_CHANGED = lf(['export function parse(input: string): number {', '  return parseFloat(input);', '}']);

const LERP_LINES = [
  'export function clamp(x: number, lo: number, hi: number): number {',
  '  return Math.min(Math.max(x, lo), hi);',
  '}',
  '',
  'export function lerp(a: number, b: number, t: number): number {',
  '  return a + (b - a) * t;',
  '}',
];
export const LERP = lf(LERP_LINES);
/** Written by the test after the proposal: a header above, clamp's body changed; lerp untouched. */
const LERP_CHANGED_LINES = ['// Maths helpers.', '', ...withLine(LERP_LINES, 1, '  return x < lo ? lo : x > hi ? hi : x;')];
export const LERP_CHANGED = lf(LERP_CHANGED_LINES);
export const LERP_CHANGED_THEN_HUNK = lf(withLine(LERP_CHANGED_LINES, 7, '  return a * (1 - t) + b * t;'));

export const STALE_PATCH = [
  '--- a/stale/src/parse.ts',
  '+++ b/stale/src/parse.ts',
  '@@ -1,3 +1,3 @@',
  ' export function parse(input: string): number {',
  '-  return parseInt(input, 10);',
  '+  return Number.parseInt(input, 10);',
  ' }',
  '--- a/stale/src/lerp.ts',
  '+++ b/stale/src/lerp.ts',
  '@@ -5,3 +5,3 @@',
  ' export function lerp(a: number, b: number, t: number): number {',
  '-  return a + (b - a) * t;',
  '+  return a * (1 - t) + b * t;',
  ' }',
  '',
].join('\n');

// --- An editor with unsaved changes: twice.ts ------------------------------------------------

export const TWICE = lf(['export function twice(x: number): number {', '  return x * 2;', '}']);
/** Typed (not saved) at the top of the editor after the proposal. */
export const TWICE_DRAFT_LINE = '// draft';
/** The editor's text once the hunk is accepted into it. */
export const TWICE_DRAFT_THEN_HUNK = ['// draft', 'export function twice(x: number): number {', '  return x + x;', '}', ''];

export const DIRTY_PATCH = [
  '--- a/dirty/src/twice.ts',
  '+++ b/dirty/src/twice.ts',
  '@@ -1,3 +1,3 @@',
  ' export function twice(x: number): number {',
  '-  return x * 2;',
  '+  return x + x;',
  ' }',
  '',
].join('\n');

// --- How hunks were placed: calc.ts again, one exact hunk, one found ignoring whitespace, one re-indented ---

export const PLACED_PATCH = [
  '--- a/placed/src/calc.ts',
  '+++ b/placed/src/calc.ts',
  '@@ -1,3 +1,4 @@',
  ' export function add(a: number, b: number): number {',
  '+  // Adds two numbers.',
  '   return a + b;',
  ' }',
  '@@ -5,3 +6,3 @@',
  ' export function sub(a:number, b:number): number {',
  '-  return a - b;',
  '+  return b - a;',
  ' }',
  '@@ -13,3 +14,4 @@',
  '     export function div(a: number, b: number): number {',
  "+      if (b === 0) throw new Error('division by zero');",
  '       return a / b;',
  '     }',
  '',
].join('\n');

/** Creates the workspace; returns its path. */
export function createReviewFlowWorkspace(): string {
  const root = mkdtempSync(join(tmpdir(), 'forge-e2e-review-'));
  const write = (rel: string, text: string) => {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), text);
  };
  for (const dir of ['three', 'shots']) {
    write(`${dir}/src/calc.ts`, CALC);
    write(`${dir}/src/names.ts`, NAMES);
    write(`${dir}.patch`, threeFilePatch(dir));
  }
  write('lens/src/counter.ts', COUNTER);
  write('lens.patch', LENS_PATCH);
  write('stale/src/parse.ts', PARSE);
  write('stale/src/lerp.ts', LERP);
  write('stale.patch', STALE_PATCH);
  write('placed/src/calc.ts', CALC);
  write('placed.patch', PLACED_PATCH);
  write('dirty/src/twice.ts', TWICE);
  write('dirty.patch', DIRTY_PATCH);
  return root;
}
