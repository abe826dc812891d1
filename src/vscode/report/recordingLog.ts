/**
 * The Forge log channel, with every line also kept in a LogTail (the channel cannot be read
 * back), so "Forge: Report a Problem" can include the last errors and the log's tail.
 */
import * as vscode from 'vscode';
import type { LogLevel, LogTail } from '../../core/report/logTail';

const LEVELS = new Set<string>(['trace', 'debug', 'info', 'warn', 'error']);

function text(message: unknown, args: unknown[]): string {
  const first = message instanceof Error ? `${message.name}: ${message.message}` : String(message);
  return args.length ? `${first} ${args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ')}` : first;
}

export function recordingLog(channel: vscode.LogOutputChannel, tail: LogTail): vscode.LogOutputChannel {
  return new Proxy(channel, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target) as unknown;
      if (typeof value !== 'function') return value;
      if (typeof prop === 'string' && (LEVELS.has(prop) || prop === 'appendLine')) {
        const level = (prop === 'appendLine' ? 'info' : prop) as LogLevel;
        return (message: unknown, ...args: unknown[]) => {
          tail.add(level, text(message, args));
          return (value as (...a: unknown[]) => unknown).call(target, message, ...args);
        };
      }
      return (value as (...a: unknown[]) => unknown).bind(target);
    },
  });
}
