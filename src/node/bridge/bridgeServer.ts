/**
 * The window side of the bridge: a local socket server that only answers requests carrying its token,
 * plus the discovery file that tells clients where it is. The socket and the discovery file live in a
 * folder only the user can open (0700; the file itself 0600); no TCP port is opened.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, rmSync, writeFileSync } from 'node:fs';
import { chmod, lstat, mkdir } from 'node:fs/promises';
import * as net from 'node:net';
import * as path from 'node:path';
import { bridgeDir } from './bridgeDiscovery';
import { BRIDGE_VERSION, methodSchemas, requestSchema, type BridgeMethod, type BridgeResponse, type Discovery } from './bridgeProtocol';

export type BridgeHandlers = { [M in BridgeMethod]?: (params: unknown) => Promise<unknown> };

export interface BridgeServer {
  socket: string;
  discoveryFile: string;
  token: string;
  /** Updates the folders clients match their working folder against. */
  setFolders(folders: string[]): void;
  dispose(): Promise<void>;
}

/** Lines longer than this are refused (an edit of several MB is fine; a runaway stream is not). */
const MAX_LINE = 64 * 1024 * 1024;

/**
 * A folder only this user can open: created 0700, and refused when another user owns it. Asynchronous: the
 * bridge starts during activation, which should not wait for the file system (issue 11).
 */
async function privateDir(dir: string): Promise<string> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  if (process.platform !== 'win32') {
    const st = await lstat(dir);
    if (!st.isDirectory() || (typeof process.getuid === 'function' && st.uid !== process.getuid())) throw new Error(`${dir} is not a folder of this user; the Forge bridge will not use it`);
    await chmod(dir, 0o700);
  }
  return dir;
}

function sameToken(given: string, token: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

export async function startBridgeServer(opts: { folders: string[]; handlers: BridgeHandlers; dir?: string; log?: (line: string) => void }): Promise<BridgeServer> {
  const dir = await privateDir(opts.dir ?? bridgeDir());
  const id = `w-${process.pid}-${randomBytes(4).toString('hex')}`;
  // A Unix socket path must stay under ~104 bytes: a deep runtime folder falls back to /tmp/forge-<uid>.
  const socket = process.platform === 'win32'
    ? `\\\\.\\pipe\\forge-${id}`
    : path.join(path.join(dir, `${id}.sock`).length < 100 ? dir : await privateDir(path.join('/tmp', path.basename(bridgeDir()))), `${id}.sock`);
  const discoveryFile = path.join(dir, `${id}.json`);
  const token = randomBytes(32).toString('hex');
  const sockets = new Set<net.Socket>();

  const server = net.createServer((conn) => {
    sockets.add(conn);
    conn.on('close', () => sockets.delete(conn));
    conn.on('error', () => conn.destroy());
    let buf = '';
    conn.setEncoding('utf8');
    conn.on('data', (chunk: string) => {
      buf += chunk;
      if (buf.length > MAX_LINE) return void conn.destroy();
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        void answer(line).then((res) => {
          if (!conn.destroyed) conn.write(JSON.stringify(res) + '\n');
          if ('error' in res && res.error === REFUSED) conn.end();
        });
      }
    });
  });

  const REFUSED = 'refused: this request does not carry the token of this Forge window';
  async function answer(line: string): Promise<BridgeResponse> {
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      return { id: -1, error: 'the request is not JSON' };
    }
    const req = requestSchema.safeParse(raw);
    if (!req.success) return { id: -1, error: `the request is malformed: ${req.error.issues[0]?.message ?? 'unknown'}` };
    const { id, method } = req.data;
    if (!sameToken(req.data.token, token)) return { id, error: REFUSED };
    if (!(method in methodSchemas)) return { id, error: `unknown method ${method}` };
    const params = methodSchemas[method as BridgeMethod].safeParse(req.data.params);
    if (!params.success) return { id, error: `invalid parameters for ${method}: ${params.error.issues.map((i) => `${i.path.join('.') || 'params'}: ${i.message}`).join('; ')}` };
    const handler = method === 'ping' ? async () => ({ pong: true, pid: process.pid }) : opts.handlers[method as BridgeMethod];
    if (!handler) return { id, error: `${method} is not available in this window` };
    try {
      return { id, result: await handler(params.data) };
    } catch (err) {
      return { id, error: err instanceof Error ? err.message : String(err) };
    }
  }

  if (process.platform !== 'win32') rmSync(socket, { force: true });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socket, () => resolve());
  });
  if (process.platform !== 'win32') await chmod(socket, 0o600);

  let folders = opts.folders;
  const writeDiscovery = () => {
    const d: Discovery = { version: BRIDGE_VERSION, socket, token, pid: process.pid, folders, startedAt: Date.now() };
    writeFileSync(discoveryFile, JSON.stringify(d) + '\n', { mode: 0o600 });
    chmodSync(discoveryFile, 0o600);
  };
  writeDiscovery();
  opts.log?.(`bridge listening on ${socket}`);

  return {
    socket,
    discoveryFile,
    token,
    setFolders(next) {
      folders = next;
      writeDiscovery();
    },
    async dispose() {
      rmSync(discoveryFile, { force: true });
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (process.platform !== 'win32') rmSync(socket, { force: true });
    },
  };
}
