/**
 * What a host (VS Code, the CLI, a test) must provide to the core. The core only talks to the
 * outside world through these interfaces; it never writes to disk itself.
 */
import type { ChangeSet, HunkDecision } from './edits/changeSet';

export interface FileStat {
  type: 'file' | 'directory';
  size: number;
  mtimeMs: number;
}

export interface Workspace {
  /** Workspace-relative paths with forward slashes. Text is decoded UTF-8 (a BOM is kept as U+FEFF). */
  readText(path: string): Promise<string>;
  /** null when the path does not exist. */
  stat(path: string): Promise<FileStat | null>;
  list(dir: string): Promise<{ name: string; type: 'file' | 'directory' }[]>;
}

/** The user's decisions on one change set, per file path and hunk index, with optional reasons. */
export interface ReviewOutcome {
  changeSetId: string;
  files: {
    path: string;
    decisions: { hunkIndex: number; decision: HunkDecision; reason?: string }[];
  }[];
  /** False when the review was dismissed without a decision. */
  completed: boolean;
}

export interface Approval {
  reviewChangeSet(changeSet: ChangeSet, signal?: AbortSignal): Promise<ReviewOutcome>;
}

export interface Log {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface Clock {
  now(): number;
}
