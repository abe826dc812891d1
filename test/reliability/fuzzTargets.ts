/**
 * What the reliability suite fuzzes with fast-check (a sample in the test run, 100,000 inputs in
 * bench/fuzz.ts): the edit parsers and the change set builder, the settings parsers, the webview
 * message parsers, and the tools' argument handling. For each, a property: no throw, no rejection,
 * and every refusal a clear message (checkMessage).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { buildChangeSet } from '../../src/core/edits/changeSet/buildChangeSet';
import { parseEdit } from '../../src/core/edits/parse/parseEdit';
import { EDIT_FORMAT_CHOICES } from '../../src/core/edits/parse/parsedEdit';
import { PathGuard } from '../../src/core/context/pathGuard';
import { JsSearcher } from '../../src/core/context/jsSearcher';
import { parseAgentSettings, parseMcpServers } from '../../src/core/settings/agentSettings';
import { parseForgeSettings } from '../../src/core/settings/forgeSettings';
import { parseSandboxSettings } from '../../src/core/settings/sandboxSettings';
import { builtinRegistry } from '../../src/core/tools/index';
import type { ToolContext } from '../../src/core/tools/tool';
import { parseChatHostMessage, parseChatWebviewMessage } from '../../src/protocol/chat';
import { parseHostMessage, parseWebviewMessage } from '../../src/protocol/review';
import { NodeWorkspace } from '../../src/node/nodeWorkspace';

/** A refusal the user or the model can act on: a non-empty sentence, no stack trace, no object dump. */
export function checkMessage(where: string, message: unknown): void {
  if (typeof message !== 'string' || message.trim().length < 8) throw new Error(`${where}: empty or missing message ${JSON.stringify(message)}`);
  if (/\n\s+at \S+ \(|\[object Object\]|^undefined$|is not a function|Cannot read propert/.test(message)) throw new Error(`${where}: unclear message: ${message.slice(0, 300)}`);
}

export interface FuzzTarget {
  name: string;
  /** Share of the inputs (weights are relative). */
  weight: number;
  property(): fc.IAsyncPropertyWithHooks<any> | fc.IPropertyWithHooks<any>;
}

// ---- edits: text assembled from the markers of every edit format, so the parsers' states are reached.
const FILE_NAMES = ['a.ts', 'src/b.py', 'c.txt', 'dir/d.md', '../e', '/abs', ''];
const LINES = fc.oneof(
  fc.constantFrom(
    '*** Begin Patch', '*** End Patch', '*** Update File: a.ts', '*** Add File: c.txt', '*** Delete File: src/b.py', '*** Move to: x.ts', '*** End of File',
    '@@', '@@ -1,3 +1,4 @@', '@@ -0,0 +1 @@', '--- a/a.ts', '+++ b/a.ts', '--- /dev/null', 'diff --git a/a.ts b/a.ts', 'new file mode 100644',
    '<<<<<<< SEARCH', '=======', '>>>>>>> REPLACE', '```', '```ts', 'a.ts', 'src/b.py', '// ... existing code ...', '\\ No newline at end of file',
    '+', '-', ' ', '', 'let x = 1;', '-let x = 1;', '+let x = 2;', ' return x;', 'def f():', '    pass',
  ),
  fc.string({ maxLength: 30 }).map((s) => s.replace(/\r/g, '')),
  fc.tuple(fc.constantFrom('+', '-', ' ', '@@ ', '*** '), fc.string({ maxLength: 20 })).map(([a, b]) => a + b),
);
const EDIT_TEXT = fc.array(LINES, { maxLength: 40 }).map((ls) => ls.join('\n'));
const BASES: Record<string, string> = { 'a.ts': 'let x = 1;\nreturn x;\n', 'src/b.py': 'def f():\n    pass\n', 'dir/d.md': '# d\n' };

const editTarget: FuzzTarget = {
  name: 'edit parsers + change set builder',
  weight: 4,
  property: () => fc.property(EDIT_TEXT, fc.constantFrom('auto' as const, ...EDIT_FORMAT_CHOICES.filter((f) => f !== 'auto')), (text, format) => {
    const parsed = parseEdit(text, { format: format as never });
    for (const p of parsed.problems) checkMessage('parse problem', p.message);
    const bases = new Map<string, string | null>();
    for (const f of parsed.files) for (const p of [f.path, f.newPath]) if (p !== undefined) bases.set(p, BASES[p] ?? null);
    const built = buildChangeSet(parsed, bases);
    for (const r of built.refusals) checkMessage('refusal', r.reason);
    void FILE_NAMES;
  }),
};

// ---- settings: real-looking shapes with wrong types mixed in, and anything at all.
const VALUE = fc.oneof(fc.anything({ maxDepth: 2 }), fc.string({ maxLength: 20 }), fc.integer(), fc.double(), fc.constant(null), fc.webUrl());
const PROFILE = fc.oneof(
  fc.record({ id: VALUE, label: VALUE, baseUrl: VALUE, model: VALUE, kind: fc.constantFrom('openai', 'vscode-lm', 'other', undefined), timeoutSeconds: VALUE, supportsTools: VALUE, pricing: VALUE }, { requiredKeys: [] }),
  fc.anything({ maxDepth: 2 }),
);
const settingsTarget: FuzzTarget = {
  name: 'settings parsers',
  weight: 2,
  property: () => fc.property(
    fc.record({ endpoints: fc.oneof(fc.array(PROFILE, { maxLength: 4 }), VALUE), activeEndpoint: VALUE, roles: fc.oneof(fc.dictionary(fc.constantFrom('agent', 'summarize', 'apply', 'x'), VALUE), VALUE) }),
    fc.record({ maxSteps: VALUE, maxCostUsd: VALUE, commandAllowlist: fc.oneof(fc.array(VALUE), VALUE), commandTimeoutSeconds: VALUE, autoApproveReadOnlyTools: VALUE, mcpServers: fc.oneof(fc.dictionary(fc.string(), fc.oneof(fc.record({ command: VALUE, args: VALUE, url: VALUE, env: VALUE }, { requiredKeys: [] }), VALUE)), VALUE) }, { requiredKeys: [] }),
    fc.record({ mode: VALUE, network: VALUE, writablePaths: fc.oneof(fc.array(VALUE), VALUE), hiddenPaths: VALUE, allowUnsandboxedCommands: VALUE }, { requiredKeys: [] }),
    (forge, agent, sandbox) => {
      for (const p of parseForgeSettings(forge).problems) checkMessage('forge settings', p.message);
      for (const p of parseAgentSettings(agent).problems) checkMessage('agent settings', p.message);
      for (const p of parseSandboxSettings(sandbox).problems) checkMessage('sandbox settings', p.message);
      for (const p of parseMcpServers(agent.mcpServers).problems) checkMessage('mcp servers', p.message);
    },
  ),
};

// ---- webview messages: known types with random fields, and anything at all.
const TYPES = ['ready', 'decide', 'decideFile', 'decideAll', 'send', 'stop', 'retry', 'openFile', 'expandContext', 'state', 'view', 'update', 'event', 'apply', 'edit', 'x'];
const MESSAGE = fc.oneof(
  fc.anything({ maxDepth: 3 }),
  fc.record({ type: fc.constantFrom(...TYPES), path: VALUE, hunkIndex: VALUE, decision: VALUE, text: VALUE, reason: VALUE, newLines: fc.oneof(fc.array(VALUE), VALUE), direction: VALUE, files: VALUE }, { requiredKeys: ['type'] }),
);
const parsers = [parseWebviewMessage, parseHostMessage, parseChatWebviewMessage, parseChatHostMessage] as Array<(x: unknown) => { ok: boolean; error?: string }>;
const messagesTarget: FuzzTarget = {
  name: 'webview message parsers',
  weight: 2,
  property: () => fc.property(MESSAGE, (m) => {
    for (const parse of parsers) {
      const r = parse(m);
      if (!r.ok) checkMessage(`message ${String(JSON.stringify(m)).slice(0, 80)}`, r.error);
    }
  }),
};

// ---- tool arguments: each built-in tool with random objects, its own fields with wrong types, and broken JSON.
let toolRoot: string | undefined;
function toolContext(): ToolContext {
  if (!toolRoot) {
    toolRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'forge-fuzz-tools-'));
    for (const [rel, text] of Object.entries(BASES)) {
      fs.mkdirSync(path.dirname(path.join(toolRoot, rel)), { recursive: true });
      fs.writeFileSync(path.join(toolRoot, rel), text);
    }
    process.once('exit', () => fs.rmSync(toolRoot!, { recursive: true, force: true }));
  }
  const ws = new NodeWorkspace(toolRoot);
  const paths = new PathGuard(ws);
  return {
    workspace: ws, paths, ignore: paths.ignore, searcher: new JsSearcher(ws, paths.ignore),
    // Every change set is declined and every command denied: the fuzz never changes the folder.
    approval: { reviewChangeSet: async (cs) => ({ changeSetId: cs.id, files: [], completed: false }), approveCommand: async () => 'deny' as const },
    state: { plan: [], changedFiles: [], allowedCommands: [], commandAllowlist: [], secretReadsAllowed: [], commandTimeoutMs: 5_000, maxOutputChars: 5_000 } as unknown as ToolContext['state'],
    notify: () => undefined,
  };
}
const registry = builtinRegistry();
const fieldsOf = new Map(registry.definitions().map((d) => [d.name, Object.keys((d.parameters as { properties?: object }).properties ?? {})]));
const ARGS = fc.constantFrom(...registry.names).chain((name) => {
  const fields = fieldsOf.get(name) ?? [];
  const own = fields.length ? fc.dictionary(fc.constantFrom(...fields), VALUE, { maxKeys: fields.length }) : fc.constant({});
  return fc.tuple(fc.constant(name), fc.oneof(own.map((a) => ({ json: JSON.stringify(a), args: a as unknown })), fc.anything({ maxDepth: 2 }).map((a) => ({ json: JSON.stringify(a) ?? '', args: a as unknown })), fc.string({ maxLength: 40 }).map((s) => ({ json: s, args: undefined }))));
});
const toolsTarget: FuzzTarget = {
  name: 'tool arguments',
  weight: 2,
  property: () => fc.asyncProperty(ARGS, async ([name, { json, args }]) => {
    const r = await registry.execute({ id: 'fuzz', name, argumentsJson: json, arguments: args as Record<string, unknown> | undefined }, toolContext());
    if (typeof r?.content !== 'string') throw new Error(`${name}: no tool result`);
    if (r.isError) checkMessage(`${name} ${json.slice(0, 80)}`, r.content);
  }),
};

export const FUZZ_TARGETS: FuzzTarget[] = [editTarget, settingsTarget, messagesTarget, toolsTarget];

/** Runs every target for about `total` inputs; counts unhandled rejections as failures too. */
export async function fuzzAll(total: number, seed: number, onTarget?: (name: string, runs: number, ms: number, failure?: string) => void): Promise<{ inputs: number; failures: string[] }> {
  const weights = FUZZ_TARGETS.reduce((n, t) => n + t.weight, 0);
  const failures: string[] = [];
  let unhandled = 0;
  const onUnhandled = (e: unknown) => {
    unhandled++;
    failures.push(`unhandled rejection: ${e instanceof Error ? e.message : String(e)}`);
  };
  process.on('unhandledRejection', onUnhandled);
  let inputs = 0;
  try {
    for (const t of FUZZ_TARGETS) {
      const numRuns = Math.max(1, Math.round((total * t.weight) / weights));
      const t0 = Date.now();
      const r = await fc.check(t.property() as fc.IAsyncPropertyWithHooks<unknown>, { numRuns, seed, endOnFailure: true });
      inputs += r.numRuns;
      const failure = r.failed ? `${t.name}: ${String((r.errorInstance as Error)?.message ?? r.errorInstance).slice(0, 400)} (counterexample ${JSON.stringify(r.counterexample).slice(0, 300)}, seed ${seed})` : undefined;
      if (failure) failures.push(failure);
      onTarget?.(t.name, r.numRuns, Date.now() - t0, failure);
    }
    await new Promise((res) => setImmediate(res));
  } finally {
    process.off('unhandledRejection', onUnhandled);
  }
  void unhandled;
  return { inputs, failures };
}
