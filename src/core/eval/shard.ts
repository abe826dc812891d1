/**
 * The work of an eval: every (task, contestant, repeat), in one deterministic order, and the
 * I-th of N slices of it (`--shard I/N`, 1-based), so N machines split a run without talking.
 */

export interface WorkItem {
  task: string;
  contestant: string;
  /** 1-based. */
  repeat: number;
}

export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
}

/** "2/5" -> { index: 2, count: 5 }; an error message for anything else. */
export function parseShard(text: string): Shard | string {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!m) return `--shard must be I/N, e.g. 1/4 (got "${text}")`;
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || index < 1 || index > count) return `--shard ${text}: I must be between 1 and N`;
  return { index, count };
}

export function workItems(taskIds: readonly string[], contestantIds: readonly string[], repeat: number): WorkItem[] {
  const out: WorkItem[] = [];
  for (const task of [...taskIds].sort()) for (const contestant of contestantIds) for (let r = 1; r <= repeat; r++) out.push({ task, contestant, repeat: r });
  return out;
}

/** Round-robin slice: item i goes to shard (i mod N) + 1, so long tasks spread over the shards. */
export function shardSlice<T>(items: readonly T[], shard: Shard | undefined): T[] {
  if (!shard) return [...items];
  return items.filter((_, i) => i % shard.count === shard.index - 1);
}
