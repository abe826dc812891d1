/** Aggregates usage records for the dashboard: acceptance over time, per model and language, tokens and cost per day, review times, rejected kinds. */
import type { ReviewRecord, RevertRecord, TaskRecord, UsageRecord } from './usageRecord';

export interface Acceptance {
  key: string;
  accepted: number;
  rejected: number;
  /** accepted / (accepted + rejected); null when nothing was decided. */
  rate: number | null;
}

export interface UsageSummary {
  tasks: number;
  reviews: number;
  acceptanceByDay: Acceptance[];
  acceptanceByModel: Acceptance[];
  acceptanceByLanguage: Acceptance[];
  perDay: { day: string; tasks: number; tokensIn: number; tokensOut: number; costUsd: number | null }[];
  /** Median time from proposal to the end of its review, ms; null without reviews. */
  medianReviewMs: number | null;
  mostRejectedKinds: { kind: string; count: number }[];
  /** Median time from a change set's proposal to each hunk's decision, ms (schema 2 hunks with a time); null without. */
  medianHunkDecideMs: number | null;
  /** Hunks decided one by one (schema 2): how many, how many rejected with a reason, how many edited before accepting. */
  hunksDecided: number;
  rejectionsWithReason: number;
  /** Hunks of Forge's that the engineer reverted later (revert records). */
  hunksReverted: number;
}

const day = (iso: string) => iso.slice(0, 10);

function acceptance(reviews: readonly ReviewRecord[], keys: (r: ReviewRecord) => string[]): Acceptance[] {
  const m = new Map<string, { accepted: number; rejected: number }>();
  for (const r of reviews) {
    for (const k of keys(r)) {
      const a = m.get(k) ?? { accepted: 0, rejected: 0 };
      a.accepted += r.hunksAccepted;
      a.rejected += r.hunksRejected;
      m.set(k, a);
    }
  }
  return [...m.entries()].map(([key, a]) => ({ key, ...a, rate: a.accepted + a.rejected ? a.accepted / (a.accepted + a.rejected) : null }));
}

export function median(xs: readonly number[]): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export function summarizeUsage(records: readonly UsageRecord[]): UsageSummary {
  const tasks = records.filter((r): r is TaskRecord => r.kind === 'task');
  const reviews = records.filter((r): r is ReviewRecord => r.kind === 'review');
  const days = new Map<string, UsageSummary['perDay'][number]>();
  for (const t of tasks) {
    const d = days.get(day(t.at)) ?? { day: day(t.at), tasks: 0, tokensIn: 0, tokensOut: 0, costUsd: null };
    d.tasks++;
    d.tokensIn += t.tokensIn;
    d.tokensOut += t.tokensOut;
    if (t.costUsd !== null) d.costUsd = (d.costUsd ?? 0) + t.costUsd;
    days.set(d.day, d);
  }
  const reverts = records.filter((r): r is RevertRecord => r.kind === 'revert');
  const kinds = new Map<string, number>();
  // Schema 2 reviews count rejected hunks from their per-hunk list; version 1 lines from rejectedKinds.
  for (const r of reviews) {
    const rejected = r.hunks.length ? r.hunks.filter((h) => h.decision === 'reject').map((h) => h.kind) : r.rejectedKinds;
    for (const k of rejected) kinds.set(k, (kinds.get(k) ?? 0) + 1);
  }
  const hunks = reviews.flatMap((r) => r.hunks);
  // A review touching two languages counts toward each; model and day count each review once.
  return {
    tasks: tasks.length,
    reviews: reviews.length,
    acceptanceByDay: acceptance(reviews, (r) => [day(r.at)]).sort((a, b) => a.key.localeCompare(b.key)),
    acceptanceByModel: acceptance(reviews, (r) => [r.model]).sort((a, b) => a.key.localeCompare(b.key)),
    acceptanceByLanguage: acceptance(reviews, (r) => r.languages).sort((a, b) => a.key.localeCompare(b.key)),
    perDay: [...days.values()].sort((a, b) => a.day.localeCompare(b.day)),
    medianReviewMs: median(reviews.map((r) => r.decideMs)),
    mostRejectedKinds: [...kinds.entries()].map(([kind, count]) => ({ kind, count })).sort((a, b) => b.count - a.count || a.kind.localeCompare(b.kind)).slice(0, 10),
    medianHunkDecideMs: median(hunks.map((h) => h.decideMs).filter((ms): ms is number => ms !== null)),
    hunksDecided: hunks.length,
    rejectionsWithReason: hunks.filter((h) => h.decision === 'reject' && h.reasonGiven).length,
    hunksReverted: reverts.filter((r) => r.direction === 'revert').reduce((n, r) => n + r.hunks, 0),
  };
}
