/**
 * The last lines Forge logged, kept in memory for "Forge: Report a Problem" (a host's log channel
 * cannot be read back). A ring of the newest `max` lines; warnings and errors are also kept apart,
 * so an error is not pushed out by chatter after it.
 */
export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error';

export interface LogLine {
  at: Date;
  level: LogLevel;
  text: string;
}

export class LogTail {
  private readonly all: LogLine[] = [];
  private readonly bad: LogLine[] = [];

  constructor(private readonly max = 300, private readonly maxErrors = 30, private readonly now: () => Date = () => new Date()) {}

  add(level: LogLevel, text: string): void {
    const line = { at: this.now(), level, text };
    push(this.all, line, this.max);
    if (level === 'warn' || level === 'error') push(this.bad, line, this.maxErrors);
  }

  /** The newest lines, oldest first. */
  lines(): readonly LogLine[] {
    return this.all;
  }

  /** The newest warnings and errors, oldest first. */
  errors(): readonly LogLine[] {
    return this.bad;
  }
}

function push(list: LogLine[], line: LogLine, max: number): void {
  list.push(line);
  if (list.length > max) list.splice(0, list.length - max);
}

export function formatLogLine(l: LogLine): string {
  return `${l.at.toISOString()} [${l.level}] ${l.text}`;
}
