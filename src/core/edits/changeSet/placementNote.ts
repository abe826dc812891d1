/** How a hunk was placed, as the model reads it in tool results (protocol/placement has the labels). */
import { describePlacement } from '../../../protocol/placement';
import type { Hunk } from './changeSet';

/** " (placed at line 40, fuzzy: ...)" for a hunk whose text did not match the file as written; "" for exact ones. */
export function placementNote(h: Hunk): string {
  const p = describePlacement(h.strategy, h.confidence);
  return p.review ? ` (placed at line ${h.baseStart + 1}, ${p.label}: ${p.detail}; read it back if unsure)` : '';
}
