import { strict as assert } from 'node:assert';
import { CachedOutliner } from '../../../src/core/context/outlineCache';
import { TreeSitterOutliner } from '../../../src/core/context/treeSitterOutliner';
import type { OutlineSymbol, Outliner } from '../../../src/core/ports';
import { nodeGrammarSource } from '../../../src/node/nodeGrammars';

/** The real tree-sitter outliner, counting the parses it is asked for. */
function counted(): Outliner & { parses: number } {
  const real = new TreeSitterOutliner(nodeGrammarSource()!);
  const o = {
    parses: 0,
    outline(path: string, text: string): Promise<OutlineSymbol[] | null> {
      o.parses++;
      return real.outline(path, text);
    },
  };
  return o;
}

const A = 'export function one() {\n  return 1;\n}\n';
const B = 'export function one() {\n  return 1;\n}\nexport class Two {}\n';

describe('CachedOutliner', () => {
  it('parses a file once while its text stays the same, and again when it changes', async () => {
    const inner = counted();
    const cached = new CachedOutliner(inner);
    const first = await cached.outline('src/a.ts', A);
    assert.deepEqual(first?.map((s) => s.signature), ['export function one()']);
    assert.deepEqual(await cached.outline('src/a.ts', A), first);
    assert.equal(inner.parses, 1);
    const changed = await cached.outline('src/a.ts', B);
    assert.deepEqual(changed?.map((s) => s.kind), ['function', 'class']);
    assert.equal(inner.parses, 2);
    assert.equal(cached.hits, 1);
  });

  it('keys on the path too: the same text under another name (another language) is outlined for that name', async () => {
    const inner = counted();
    const cached = new CachedOutliner(inner);
    await cached.outline('src/a.ts', A);
    assert.equal(await cached.outline('notes/a.txt', A), null);
    assert.equal(inner.parses, 2);
  });

  it('keeps at most maxEntries paths, dropping the least recently used', async () => {
    const inner = counted();
    const cached = new CachedOutliner(inner, 2);
    await cached.outline('a.ts', A);
    await cached.outline('b.ts', A);
    await cached.outline('a.ts', A); // a is now the most recent
    await cached.outline('c.ts', A); // drops b
    assert.equal(inner.parses, 3);
    await cached.outline('a.ts', A);
    assert.equal(inner.parses, 3);
    await cached.outline('b.ts', A);
    assert.equal(inner.parses, 4);
  });
});
