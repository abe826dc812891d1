/** The client side of the bridge: one request, one answer, over the window's local socket. */
import * as net from 'node:net';
import type { BridgeMethod, Discovery } from './bridgeProtocol';

let nextId = 1;

/** Calls `method` on the window; rejects with the window's own error message. No timeout: a review waits for the user. */
export function callBridge<T = unknown>(window: Pick<Discovery, 'socket' | 'token'>, method: BridgeMethod, params: unknown, signal?: AbortSignal): Promise<T> {
  return new Promise((resolve, reject) => {
    const id = nextId++;
    const conn = net.connect(window.socket);
    let buf = '';
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      conn.destroy();
      fn();
    };
    const onAbort = () => finish(() => reject(new Error('cancelled')));
    signal?.addEventListener('abort', onAbort, { once: true });
    conn.setEncoding('utf8');
    conn.on('connect', () => conn.write(JSON.stringify({ id, token: window.token, method, params }) + '\n'));
    conn.on('data', (chunk: string) => {
      buf += chunk;
      const nl = buf.indexOf('\n');
      if (nl < 0) return;
      let res: { id: number; result?: unknown; error?: string };
      try {
        res = JSON.parse(buf.slice(0, nl));
      } catch {
        return finish(() => reject(new Error('the Forge window sent an answer that is not JSON')));
      }
      if (res.error !== undefined) finish(() => reject(new Error(res.error)));
      else finish(() => resolve(res.result as T));
    });
    conn.on('error', (err) => finish(() => reject(new Error(`cannot reach the Forge window (${err.message}); is it still open?`))));
    conn.on('close', () => finish(() => reject(new Error('the Forge window closed the connection before answering'))));
  });
}
