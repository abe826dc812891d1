/**
 * Starts llama.cpp's llama-server (built by scripts/llama-server.sh) with the tiny random model on
 * a free port of 127.0.0.1, and stops it. Test equipment of the real-server tier.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import * as net from 'node:net';
import * as path from 'node:path';

const REPO = path.resolve(__dirname, '../../..');
const SCRIPT = path.join(REPO, 'scripts/llama-server.sh');

export interface LlamaServerOptions {
  /** -c: the window served. Default 4096. */
  ctx?: number;
  /** -n: the output cap per reply. Default 200. */
  maxTokens?: number;
  seed?: number;
  extraArgs?: string[];
}

export interface LlamaServer {
  /** Base URL with /v1. */
  url: string;
  port: number;
  proc: ChildProcess;
  /** What the server printed (stderr and stdout). */
  log(): string;
  stop(): Promise<void>;
}

/** The bin folder, or undefined when llama-server is not built. */
export function llamaServerBin(): string | undefined {
  try {
    return execFileSync('bash', [SCRIPT, 'path'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

let model: string | undefined;
export function tinyModelPath(): string {
  model ??= execFileSync('bash', [SCRIPT, 'model'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
  return model;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

export async function startLlamaServer(o: LlamaServerOptions = {}): Promise<LlamaServer> {
  const bin = llamaServerBin();
  if (!bin) throw new Error('llama-server is not built: run scripts/llama-server.sh build');
  const port = await freePort();
  const args = [
    '-m', tinyModelPath(), '--alias', 'tiny', '--host', '127.0.0.1', '--port', String(port), '--jinja',
    '-c', String(o.ctx ?? 4096), '-n', String(o.maxTokens ?? 200), '--seed', String(o.seed ?? 1),
    '--logit-bias', '1+3', '-t', '2', '--parallel', '1', ...(o.extraArgs ?? []),
  ];
  const proc = spawn(path.join(bin, 'llama-server'), args, { env: { ...process.env, LD_LIBRARY_PATH: bin }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout!.on('data', (b) => { out += b; });
  proc.stderr!.on('data', (b) => { out += b; });
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`llama-server exited (${proc.exitCode}):\n${out.slice(-2000)}`);
    try {
      const r = await fetch(`${url}/health`);
      if (r.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      proc.kill('SIGKILL');
      throw new Error(`llama-server was not ready in 30 s:\n${out.slice(-2000)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url: `${url}/v1`, port, proc, log: () => out,
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    },
  };
}
