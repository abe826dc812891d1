/**
 * Scenario-test equipment: a real temp folder behind the CLI's Node ports, the scripted model
 * server behind the real OpenAiModelClient, and an Agent wired to both.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Agent, type AgentDeps, type AgentOptions } from '../../../src/core/agent/agent';
import type { AgentEvent } from '../../../src/core/agent/events';
import { OpenAiModelClient } from '../../../src/core/model/openaiClient';
import type { Approval } from '../../../src/core/ports';
import { ConsoleApproval } from '../../../src/cli/run/consoleApproval';
import { FileStorage } from '../../../src/node/fileStorage';
import { NodeTerminal } from '../../../src/node/nodeTerminal';
import { NodeWorkspace } from '../../../src/node/nodeWorkspace';
import { nodeGrammarSource } from '../../../src/node/nodeGrammars';
import { TreeSitterShellParser } from '../../../src/core/policy/bashParser';
import { startModelServer, type ModelServer } from '../../support/modelServer';

export interface Rig {
  root: string;
  srv: ModelServer;
  ws: NodeWorkspace;
  storage: FileStorage;
  /** Where the task storage writes. */
  stateDir: string;
  client: OpenAiModelClient;
  /** Accepts every change set (writing it) and every command. */
  approval: ConsoleApproval;
  agent(over?: Partial<AgentDeps>, options?: AgentOptions): Agent;
  read(rel: string): string;
  write(rel: string, text: string): void;
  close(): Promise<void>;
}

export async function makeRig(files: Record<string, string> = {}): Promise<Rig> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'forge-agent-'));
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'forge-state-'));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
  const srv = await startModelServer();
  const shellParser = new TreeSitterShellParser(nodeGrammarSource()!);
  const ws = new NodeWorkspace(root);
  const storage = new FileStorage(stateDir);
  const client = new OpenAiModelClient({ id: 'test', label: 'Test', baseUrl: srv.url, model: 'test-model', supportsTools: true }, { retry: { maxAttempts: 1 } });
  const autoApproval = new ConsoleApproval({ root: ws.root, yes: true, out: () => undefined, prompt: async () => 'y' });
  return {
    root: ws.root, srv, ws, storage, stateDir, client, approval: autoApproval,
    agent: (over = {}, options = {}) =>
      new Agent({ model: client, workspace: ws, approval: autoApproval as Approval, terminal: new NodeTerminal(ws), storage, shellParser, ...over }, { commandTimeoutMs: 60_000, ...options }),
    read: (rel) => fs.readFileSync(path.join(ws.root, rel), 'utf8'),
    write: (rel, text) => {
      fs.mkdirSync(path.dirname(path.join(ws.root, rel)), { recursive: true });
      fs.writeFileSync(path.join(ws.root, rel), text);
    },
    async close() {
      await srv.close();
      fs.rmSync(root, { recursive: true, force: true });
      fs.rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

export async function collect(events: AsyncIterable<AgentEvent>, onEvent?: (e: AgentEvent) => void): Promise<AgentEvent[]> {
  const out: AgentEvent[] = [];
  for await (const e of events) {
    out.push(e);
    onEvent?.(e);
  }
  return out;
}

export const call = (name: string, args: Record<string, unknown>) => ({ toolCalls: [{ name, arguments: args }] });

/** The tool messages of a recorded request body. */
export function toolMessages(body: any): { tool_call_id: string; content: string }[] {
  return (body.messages as any[]).filter((m) => m.role === 'tool');
}

export function lastToolMessage(body: any): string {
  const t = toolMessages(body);
  return t[t.length - 1]?.content ?? '';
}
