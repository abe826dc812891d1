/**
 * A zod schema built on first use instead of when its module loads. Forge's settings, protocol, record and tool
 * schemas are module-level constants; building them all when the extension activates cost about as much as
 * compiling zod itself (issue 11). `lazySchema(() => z.object(...))` has the schema's type and behaves as the
 * schema (every property is read from it, built once on the first access); `unwrapSchema` gives the built object
 * where its identity matters (zod's JSON Schema conversion and metadata registry key on the instance).
 */
const REAL = Symbol('forge.lazySchema');

export function lazySchema<T extends object>(build: () => T): T {
  let built: T | undefined;
  const real = (): T => (built ??= build());
  return new Proxy({} as T, {
    get(_target, key) {
      if (key === REAL) return real();
      const s = real();
      const v = Reflect.get(s, key, s) as unknown;
      return typeof v === 'function' && key !== 'constructor' ? (v as (...a: unknown[]) => unknown).bind(s) : v;
    },
    has: (_target, key) => key === REAL || Reflect.has(real(), key),
    ownKeys: () => Reflect.ownKeys(real()),
    getOwnPropertyDescriptor(_target, key) {
      const d = Reflect.getOwnPropertyDescriptor(real(), key);
      return d && { ...d, configurable: true };
    },
    getPrototypeOf: () => Reflect.getPrototypeOf(real()),
    set: (_target, key, value) => Reflect.set(real(), key, value),
  });
}

/** The built schema behind a lazySchema (built now if it was not), or `s` itself. */
export function unwrapSchema<T>(s: T): T {
  return (s && typeof s === 'object' && REAL in s ? (s as Record<typeof REAL, T>)[REAL] : s);
}
