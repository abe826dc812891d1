/**
 * lazySchema (issue 11): a module-level zod schema that is built on its first use, not when the extension
 * activates. It must behave as the schema it wraps: parsing, composition into other schemas, extension,
 * discriminated unions, and (through unwrapSchema) the JSON Schema the model is given.
 */
import { strict as assert } from 'node:assert';
import { z } from 'zod';
import * as zm from 'zod/mini';
import { lazySchema, unwrapSchema } from '../../../src/core/lazySchema';

describe('lazySchema', () => {
  it('builds nothing until first used, then once', () => {
    let built = 0;
    const s = lazySchema(() => (built++, z.object({ a: z.string() })));
    assert.equal(built, 0);
    assert.deepEqual(s.parse({ a: 'x' }), { a: 'x' });
    assert.equal(s.safeParse({ a: 1 }).success, false);
    assert.equal(built, 1);
  });

  it('composes: nested in objects, arrays and discriminated unions, extended, optional', () => {
    const item = lazySchema(() => z.object({ kind: z.literal('a'), n: z.number().int() }));
    const other = lazySchema(() => z.object({ kind: z.literal('b') }));
    const union = lazySchema(() => z.discriminatedUnion('kind', [item, other]));
    const list = lazySchema(() => z.object({ items: z.array(union).default([]) }));
    assert.deepEqual(list.parse({ items: [{ kind: 'a', n: 1 }, { kind: 'b' }] }), { items: [{ kind: 'a', n: 1 }, { kind: 'b' }] });
    assert.deepEqual(list.parse({}), { items: [] });
    const bad = list.safeParse({ items: [{ kind: 'a', n: 1.5 }] });
    assert.equal(bad.success, false);
    assert.deepEqual(bad.error!.issues[0]!.path, ['items', 0, 'n']);
    assert.deepEqual(item.extend({ m: z.string() }).parse({ kind: 'a', n: 2, m: 'x' }), { kind: 'a', n: 2, m: 'x' });
    assert.equal(item.optional().parse(undefined), undefined);
    assert.ok(item instanceof z.ZodObject);
    assert.deepEqual(Object.keys(item.shape), ['kind', 'n']);
  });

  it('works with zod/mini (the webview protocols)', () => {
    const m = lazySchema(() => zm.object({ type: zm.literal('x'), n: zm.optional(zm.number()) }));
    const u = lazySchema(() => zm.discriminatedUnion('type', [m, zm.object({ type: zm.literal('y') })]));
    assert.deepEqual(zm.parse(u, { type: 'x', n: 1 }), { type: 'x', n: 1 });
    assert.equal(zm.safeParse(u, { type: 'z' }).success, false);
  });

  it('unwrapSchema gives the built schema, so its JSON Schema keeps descriptions', () => {
    const s = lazySchema(() => z.strictObject({ path: z.string().describe('Workspace-relative path') }).describe('top'));
    const json = z.toJSONSchema(unwrapSchema(s), { io: 'input' }) as unknown as { description?: string; properties: { path: { description: string } } };
    assert.equal(json.description, 'top');
    assert.equal(json.properties.path.description, 'Workspace-relative path');
    const plain = z.string();
    assert.equal(unwrapSchema(plain), plain);
  });
});
