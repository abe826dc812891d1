/**
 * Forge as Claude Code's IDE (its IDE protocol is not officially documented; Forge follows the
 * public reimplementations and the tested version, docs/companion.md): MCP over a WebSocket on
 * 127.0.0.1, found through ~/.claude/ide/<port>.lock. Claude's edit tools call `openDiff` and wait:
 * Forge answers FILE_SAVED with the content to write (only what was accepted, with the engineer's
 * edits) or DIFF_REJECTED once the engineer has decided in Forge's per-hunk review.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { WebSocketServer } from 'ws';
import { companionServer, failure, stringArg, text, type CompanionTool } from './companionMcp';
import { inFolders, reviewProposal, tellReasons, type CompanionEditor, type CompanionReviewer } from './companionHost';
import { claudeLockFile, removeQuietly, writePrivateJson } from './discoveryFiles';
import { WebSocketTransport } from './wsTransport';

export interface ClaudeCompanion {
  port: number;
  token: string;
  lockFile: string;
  /** What a terminal needs to find this window. */
  env: Record<string, string>;
  setFolders(folders: string[]): void;
  close(): Promise<void>;
}

export interface ClaudeCompanionOptions {
  reviewer: CompanionReviewer;
  editor?: CompanionEditor;
  pid?: number;
  /** Where ~/.claude is (tests give a temporary HOME). */
  env?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
}

const json = (v: unknown) => text(JSON.stringify(v));

export async function startClaudeCompanion(opts: ClaudeCompanionOptions): Promise<ClaudeCompanion> {
  const log = opts.log ?? (() => undefined);
  const token = randomUUID();
  let folders = opts.reviewer.folders();
  /** Reviews under way, by tab name: close_tab / closeAllDiffTabs end them. */
  const tabs = new Map<string, AbortController>();
  const editor = opts.editor ?? {};
  const absolute = (p: string) => path.resolve(p.startsWith('file://') ? new URL(p).pathname : p);
  const unavailable = (what: string) => failure(`${what} is not available in this editor.`);

  const tools: CompanionTool[] = [
    {
      name: 'openDiff',
      description: "Shows the proposed content of a file in Forge's per-hunk review and waits for the engineer's decision.",
      inputSchema: {
        type: 'object',
        properties: { old_file_path: { type: 'string' }, new_file_path: { type: 'string' }, new_file_contents: { type: 'string' }, tab_name: { type: 'string' } },
        required: ['new_file_path', 'new_file_contents'],
      },
      async call(args, signal) {
        const file = absolute(stringArg(args, 'new_file_path'));
        const contents = stringArg(args, 'new_file_contents');
        const tab = typeof args.tab_name === 'string' ? args.tab_name : file;
        tabs.get(tab)?.abort();
        const ctl = new AbortController();
        tabs.set(tab, ctl);
        const onAbort = () => ctl.abort();
        signal.addEventListener('abort', onAbort, { once: true });
        try {
          const answer = await reviewProposal(opts.reviewer, 'Claude Code', file, contents, ctl.signal);
          if (ctl.signal.aborted) return text('TAB_CLOSED');
          tellReasons(opts.reviewer, 'Claude Code', file, answer);
          if (answer.kind === 'accepted') return { content: [{ type: 'text', text: 'FILE_SAVED' }, { type: 'text', text: answer.content }] };
          return { content: [{ type: 'text', text: 'DIFF_REJECTED' }, { type: 'text', text: tab }] };
        } finally {
          signal.removeEventListener('abort', onAbort);
          if (tabs.get(tab) === ctl) tabs.delete(tab);
        }
      },
    },
    {
      name: 'close_tab',
      description: 'Closes a review opened by openDiff.',
      inputSchema: { type: 'object', properties: { tab_name: { type: 'string' } }, required: ['tab_name'] },
      async call(args) {
        const tab = stringArg(args, 'tab_name');
        tabs.get(tab)?.abort();
        tabs.delete(tab);
        return text('TAB_CLOSED');
      },
    },
    {
      name: 'closeAllDiffTabs',
      description: 'Closes every review opened by openDiff.',
      inputSchema: { type: 'object', properties: {} },
      async call() {
        const n = tabs.size;
        for (const c of tabs.values()) c.abort();
        tabs.clear();
        return text(`CLOSED_${n}_DIFF_TABS`);
      },
    },
    {
      name: 'getWorkspaceFolders',
      description: 'The workspace folders open in this window.',
      inputSchema: { type: 'object', properties: {} },
      async call() {
        return json({ success: true, folders: folders.map((f) => ({ name: path.basename(f), uri: `file://${f}`, path: f })), rootPath: folders[0] ?? null });
      },
    },
    {
      name: 'openFile',
      description: 'Opens a file of the workspace in the editor.',
      inputSchema: { type: 'object', properties: { filePath: { type: 'string' }, line: { type: 'number' } }, required: ['filePath'] },
      async call(args) {
        const file = absolute(stringArg(args, 'filePath'));
        if (!inFolders(folders, file)) return failure(`${file} is outside the workspace folders.`);
        if (!editor.openFile) return unavailable('openFile');
        await editor.openFile(file, typeof args.line === 'number' ? args.line : undefined);
        return text(`Opened file: ${file}`);
      },
    },
    {
      name: 'getDiagnostics',
      description: "The editor's diagnostics (problems), for one file or all.",
      inputSchema: { type: 'object', properties: { uri: { type: 'string' } } },
      async call(args) {
        if (!editor.diagnostics) return unavailable('getDiagnostics');
        return json(await editor.diagnostics(typeof args.uri === 'string' ? absolute(args.uri) : undefined));
      },
    },
    {
      name: 'getCurrentSelection',
      description: 'The selection in the active editor.',
      inputSchema: { type: 'object', properties: {} },
      async call() {
        const s = editor.selection ? await editor.selection() : null;
        return json(s ? { success: true, text: s.text, filePath: s.path, selection: { start: s.start, end: s.end } } : { success: false, message: 'No active editor found' });
      },
    },
    {
      name: 'getOpenEditors',
      description: 'The editors open in this window.',
      inputSchema: { type: 'object', properties: {} },
      async call() {
        const tabsOpen = editor.openEditors ? await editor.openEditors() : [];
        return json({ tabs: tabsOpen.map((t) => ({ uri: `file://${t.path}`, isActive: t.isActive, label: path.basename(t.path), languageId: t.languageId, isDirty: t.isDirty })) });
      },
    },
    {
      name: 'checkDocumentDirty',
      description: 'Whether a document has unsaved changes.',
      inputSchema: { type: 'object', properties: { filePath: { type: 'string' } }, required: ['filePath'] },
      async call(args) {
        const file = absolute(stringArg(args, 'filePath'));
        const st = editor.documentState ? await editor.documentState(file) : { open: false, dirty: false };
        return json(st.open ? { success: true, filePath: file, isDirty: st.dirty, isUntitled: false } : { success: false, message: `Document not open: ${file}` });
      },
    },
    {
      name: 'saveDocument',
      description: 'Saves a document with unsaved changes.',
      inputSchema: { type: 'object', properties: { filePath: { type: 'string' } }, required: ['filePath'] },
      async call(args) {
        const file = absolute(stringArg(args, 'filePath'));
        if (!inFolders(folders, file)) return failure(`${file} is outside the workspace folders.`);
        const saved = editor.save ? await editor.save(file) : false;
        return json(saved ? { success: true, filePath: file, saved: true, message: 'Document saved successfully' } : { success: false, message: `Document not open: ${file}` });
      },
    },
  ];

  const wss = new WebSocketServer({
    host: '127.0.0.1',
    port: 0,
    // Only Claude Code with this window's token; never a browser page.
    verifyClient: ({ req }: { req: IncomingMessage }) => !req.headers.origin && req.headers['x-claude-code-ide-authorization'] === token,
  });
  await new Promise<void>((resolve, reject) => {
    wss.once('listening', () => resolve());
    wss.once('error', reject);
  });
  wss.on('connection', (socket) => {
    const mcp = companionServer(tools, log);
    mcp.connect(new WebSocketTransport(socket)).catch((err: Error) => log(`companion (Claude Code): ${err.message}`));
  });
  const port = (wss.address() as AddressInfo).port;
  const lockFile = claudeLockFile(port, opts.env);
  const writeLock = (): void =>
    writePrivateJson(lockFile, { pid: opts.pid ?? process.pid, workspaceFolders: folders, ideName: 'VS Code (Forge)', transport: 'ws', authToken: token });
  writeLock();
  return {
    port,
    token,
    lockFile,
    env: { CLAUDE_CODE_SSE_PORT: String(port), ENABLE_IDE_INTEGRATION: 'true' },
    setFolders(next) {
      folders = next;
      writeLock();
    },
    async close() {
      removeQuietly(lockFile);
      for (const c of tabs.values()) c.abort();
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
