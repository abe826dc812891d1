/**
 * Outlines remembered by path and content hash: a file the agent outlines again (every turn of a long task
 * tends to) is not parsed again unless its text changed. Parsing a large C file takes tens of milliseconds;
 * a hit costs one hash of the text. At most `maxEntries` paths are kept, least recently used first out.
 */
import { createHash } from 'node:crypto';
import type { OutlineSymbol, Outliner } from '../ports';

interface Entry {
  hash: string;
  symbols: OutlineSymbol[] | null;
}

export class CachedOutliner implements Outliner {
  private readonly entries = new Map<string, Entry>();
  hits = 0;
  misses = 0;

  constructor(private readonly inner: Outliner, private readonly maxEntries = 2000) {}

  async outline(path: string, text: string): Promise<OutlineSymbol[] | null> {
    const hash = createHash('sha1').update(text).digest('base64');
    const hit = this.entries.get(path);
    this.entries.delete(path);
    if (hit && hit.hash === hash) {
      this.hits++;
      this.entries.set(path, hit);
      return hit.symbols;
    }
    this.misses++;
    const symbols = await this.inner.outline(path, text);
    this.entries.set(path, { hash, symbols });
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    return symbols;
  }
}
