/** Review views for the webview tests, written as small diffs so line numbers are computed, not typed. */
import type { DiffLine, ReviewFile, ReviewHunk, ReviewView } from '../../src/protocol/review';

interface HunkSpec {
  /** 1-based line in the base where the context above starts (or the body if no context). */
  at: number;
  shift?: number;
  /** Unchanged lines above and below the body. */
  before?: string[];
  after?: string[];
  /** Diff body: each line starts with ' ', '-' or '+'. */
  body: string[];
  strategy?: string;
  confidence?: number;
  syntaxWarning?: string;
  moreAbove?: boolean;
  moreBelow?: boolean;
}

export function makeHunk(index: number, s: HunkSpec): ReviewHunk {
  const shift = s.shift ?? 0;
  let oldNo = s.at;
  const ctx = (texts: string[]): DiffLine[] => texts.map((text) => ({ op: ' ', text, oldNo, newNo: oldNo++ + shift }));
  const before = ctx(s.before ?? []);
  const oldStart = oldNo;
  let newNo = oldNo + shift;
  const newStart = newNo;
  const lines: DiffLine[] = s.body.map((raw) => {
    const op = raw[0] as DiffLine['op'];
    const text = raw.slice(1);
    if (op === '-') return { op, text, oldNo: oldNo++ };
    if (op === '+') return { op, text, newNo: newNo++ };
    return { op, text, oldNo: oldNo++, newNo: newNo++ };
  });
  const afterShift = newNo - oldNo;
  const after: DiffLine[] = (s.after ?? []).map((text) => ({ op: ' ', text, oldNo, newNo: oldNo++ + afterShift }));
  const strategy = s.strategy ?? 'exact';
  return {
    index,
    oldStart,
    newStart,
    before,
    lines,
    after,
    moreAbove: s.moreAbove ?? oldStart - before.length > 1,
    moreBelow: s.moreBelow ?? true,
    strategy,
    confidence: s.confidence ?? 1,
    fuzzy: !['exact', 'exact-anywhere', 'create', 'append', 'whole-file', 'delete'].includes(strategy),
    ...(s.syntaxWarning ? { syntaxWarning: s.syntaxWarning } : {}),
    decision: 'pending',
  };
}

function file(path: string, action: ReviewFile['action'], hunks: ReviewHunk[], extra: Partial<ReviewFile> = {}): ReviewFile {
  let added = 0;
  let removed = 0;
  for (const h of hunks) for (const l of h.lines) l.op === '+' ? added++ : l.op === '-' ? removed++ : 0;
  return { path, action, status: 'pending', added, removed, hunkCount: hunks.length, pendingHunks: hunks.length, hunks, ...extra };
}

/** What the host's `show` carries for a view: every file's summary, the hunks of one file (default: the first). */
export function summaryView(view: ReviewView, loadedPath = view.files[0]?.path): ReviewView {
  return {
    ...view,
    files: view.files.map(({ hunks, ...f }) => ({
      ...f,
      hunkCount: hunks?.length ?? f.hunkCount,
      pendingHunks: hunks ? hunks.filter((h) => h.decision === 'pending').length : f.pendingHunks,
      ...(f.path === loadedPath ? { hunks } : {}),
    })),
  };
}

/** Three edited files, a new file, a deleted file and a rename: the everyday case. */
export function fixtureView(): ReviewView {
  return {
    changeSetId: 'cs-fixture',
    title: 'Use the shared retry helper in the HTTP client',
    files: [
      file('src/http/client.ts', 'update', [
        makeHunk(0, {
          at: 9,
          before: ['import { Agent } from "node:http";', '', 'export class Client {'],
          body: ['   async get(url: string) {', '-    for (let i = 0; i < 3; i++) {', '-      try { return await fetch(url); } catch { await sleep(100 * i); }', '-    }', '+    return withRetry(() => fetch(url), { attempts: 3 });', '   }'],
          after: ['', '  async post(url: string, body: unknown) {', '    const res = await fetch(url, { method: "POST", body: JSON.stringify(body) });'],
        }),
        makeHunk(1, {
          at: 40,
          shift: -2,
          before: ['  close() {', '    this.agent.destroy();'],
          body: ['-    this.closed = true', '+    this.closed = true;', '+    this.emit("close");'],
          after: ['  }', '}'],
          strategy: 'fuzzy',
          confidence: 0.87,
          syntaxWarning: 'missing ")" at line 44',
        }),
      ]),
      file('src/http/retry.ts', 'add', [
        makeHunk(0, {
          at: 1,
          body: ['+export interface RetryOptions { attempts: number; delayMs?: number }', '+', '+export async function withRetry<T>(fn: () => Promise<T>, o: RetryOptions): Promise<T> {', '+  let last: unknown;', '+  for (let i = 0; i < o.attempts; i++) {', '+    try { return await fn(); } catch (e) { last = e; }', '+  }', '+  throw last;', '+}'],
          strategy: 'create',
          moreAbove: false,
          moreBelow: false,
        }),
      ]),
      file('src/http/sleep.ts', 'delete', [
        makeHunk(0, { at: 1, body: ['-export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));'], strategy: 'delete', moreAbove: false, moreBelow: false }),
      ]),
      file('docs/http.md', 'rename', [], { newPath: 'docs/network/http.md' }),
      file('src/index.ts', 'update', [
        makeHunk(0, { at: 1, body: ['-export * from "./http/sleep";', '+export * from "./http/retry";'], after: ['export * from "./http/client";'], moreAbove: false }),
      ]),
    ],
  };
}

/** `files` files of `hunksPerFile` hunks, each replacing `half` lines with `half` new ones. */
export function largeView(files = 200, hunksPerFile = 5, half = 10): ReviewView {
  const out: ReviewFile[] = [];
  for (let f = 0; f < files; f++) {
    const hunks: ReviewHunk[] = [];
    for (let k = 0; k < hunksPerFile; k++) {
      const body: string[] = [];
      for (let i = 0; i < half; i++) body.push(`-  const value${i} = compute(${f}, ${k}, ${i}); // old implementation of step ${i}`);
      for (let i = 0; i < half; i++) body.push(`+  const value${i} = computeFast(${f}, ${k}, ${i}, cache); // new implementation`);
      hunks.push(makeHunk(k, { at: 1 + k * 60, before: ['  // context a', '  // context b', '  // context c'], body, after: ['  // after a', '  // after b', '  // after c'] }));
    }
    out.push(file(`packages/pkg${Math.floor(f / 20)}/src/module${f}.ts`, 'update', hunks));
  }
  return { changeSetId: `cs-large-${files}`, title: `Large refactor (${files} files)`, files: out };
}

/** File text and paths that would run script if they were ever treated as HTML. */
export const EVIL = '<img src=x onerror="window.__pwned = 1"><script>window.__pwned = 2</script>';

export function maliciousView(): ReviewView {
  return {
    changeSetId: 'cs-evil',
    title: `Title ${EVIL}`,
    files: [
      file('src/<b>evil</b>.html', 'update', [
        makeHunk(0, {
          at: 1,
          body: [`-${EVIL}`, `+<p onclick="window.__pwned = 3">${EVIL}</p>`],
          strategy: 'fuzzy',
          confidence: 0.8,
          syntaxWarning: EVIL,
        }),
      ], { conflictReason: EVIL, status: 'conflict' }),
    ],
    error: `error ${EVIL}`,
  };
}

/** Small edits in several languages, for the syntax colouring screenshots. */
export function syntaxView(): ReviewView {
  return {
    changeSetId: 'cs-syntax',
    title: 'Cache responses and document the option',
    files: [
      file('src/http/cache.ts', 'update', [
        makeHunk(0, {
          at: 1,
          before: ['import { createHash } from "node:crypto";', ''],
          body: [
            '-export class Cache {',
            '+/**',
            '+ * Keeps responses for `ttlMs` milliseconds (0 disables it).',
            '+ */',
            '+@sealed',
            '+export class Cache<T extends object> implements Store<T> {',
            '   private readonly entries = new Map<string, { value: T; at: number }>();',
            '-  constructor(private ttl = 1000) {}',
            '+  constructor(private readonly ttlMs: number = 60_000, private clock = Date) {}',
            '+',
            '+  get(key: string): T | undefined {',
            "+    const hit = this.entries.get(createHash('sha1').update(key).digest('hex'));",
            '+    if (!hit || this.clock.now() - hit.at > this.ttlMs) return undefined; // expired',
            '+    return hit.value;',
            '+  }',
          ],
          after: ['}'],
          moreAbove: false,
        }),
      ]),
      file('scripts/cache.py', 'update', [
        makeHunk(0, {
          at: 4,
          before: ['@dataclass'],
          body: ['-class Entry:', '+class Entry(NamedTuple):', '     """A cached value."""', '     value: bytes', '-    at: float = 0', '+    at: float = 0.0  # seconds since the epoch', '+', "+def key(url: str) -> str:", "+    return f\"{url}#v2\" if url else ''"],
        }),
      ]),
      file('media/cache.css', 'update', [
        makeHunk(0, { at: 10, body: ['-.cache { color: red; }', '+.cache:hover, #cache-panel {', '+  color: var(--vscode-errorForeground, #f14c4c); /* theme */', '+  margin: 0 calc(2px + 1em) !important;', '+}'], moreAbove: false }),
      ]),
      file('docs/cache.html', 'update', [
        makeHunk(0, { at: 3, body: ['-<p>No cache.</p>', '+<p class="note" data-ttl=\'60\'>Cached for &nbsp;60&nbsp;s</p>', '+<!-- see cache.ts -->'] }),
      ]),
      file('README.md', 'update', [
        makeHunk(0, { at: 20, body: ['+## Cache', '+', '+- Set `forge.cacheTtlMs` in [settings](vscode://settings/forge).', '+```json', '+{ "forge.cacheTtlMs": 60000, "enabled": true }', '+```'] }),
      ]),
    ],
  };
}
