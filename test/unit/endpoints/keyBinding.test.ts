import { strict as assert } from 'node:assert';
import { decodeStoredKey, encodeStoredKey, KeyVault, lookupKey, normalizeBaseUrl, secretName, type SecretStore } from '../../../src/core/settings/keyBinding';

class MemorySecrets implements SecretStore {
  readonly map = new Map<string, string>();
  async get(k: string) { return this.map.get(k); }
  async store(k: string, v: string) { this.map.set(k, v); }
  async delete(k: string) { this.map.delete(k); }
}

describe('API keys bound to a base URL', () => {
  const profile = { id: 'p1', baseUrl: 'https://api.example.com/v1' };

  it('hands the key out for the base URL it was stored for', async () => {
    const secrets = new MemorySecrets();
    const vault = new KeyVault(secrets);
    await vault.set(profile, '  sk-test-123456  ');
    assert.deepEqual(await vault.lookup(profile), { status: 'ok', key: 'sk-test-123456', source: 'secret' });
    assert.ok(await vault.has(profile));
    // Equivalent spellings of the same URL.
    assert.equal((await vault.lookup({ ...profile, baseUrl: 'HTTPS://API.EXAMPLE.COM:443/v1/' })).status, 'ok');
  });

  it('never hands it to another base URL (host, port, scheme or path changed)', async () => {
    const secrets = new MemorySecrets();
    const vault = new KeyVault(secrets);
    await vault.set(profile, 'sk-test-123456');
    for (const baseUrl of ['https://evil.example.net/v1', 'https://api.example.com:8443/v1', 'http://api.example.com/v1', 'https://api.example.com/v2']) {
      const r = await vault.lookup({ ...profile, baseUrl });
      assert.deepEqual(r, { status: 'boundElsewhere', storedFor: 'https://api.example.com/v1' }, baseUrl);
      assert.ok(!JSON.stringify(r).includes('sk-test'));
      assert.equal(await vault.has({ ...profile, baseUrl }), false);
    }
  });

  it('stores the key per profile id, as {baseUrl, key}; deleting forgets it', async () => {
    const secrets = new MemorySecrets();
    const vault = new KeyVault(secrets);
    await vault.set(profile, 'sk-a-123456');
    await vault.set({ id: 'p2', baseUrl: 'http://127.0.0.1:8000/v1' }, 'sk-b-123456');
    assert.deepEqual(decodeStoredKey(secrets.map.get(secretName('p1'))), { v: 1, baseUrl: 'https://api.example.com/v1', key: 'sk-a-123456' });
    assert.equal((await vault.lookup({ id: 'p2', baseUrl: 'http://127.0.0.1:8000/v1' }) as { key?: string }).key, 'sk-b-123456');
    await vault.delete('p1');
    assert.deepEqual(await vault.lookup(profile), { status: 'ok', source: 'none' });
  });

  it('does not trust a bare string (no base URL to check against)', () => {
    assert.equal(decodeStoredKey('sk-plain'), undefined);
    assert.equal(decodeStoredKey('{"v":1,"baseUrl":"x"}'), undefined);
    assert.deepEqual(lookupKey(profile, 'sk-plain', {}), { status: 'ok', source: 'none' });
  });

  it('prefers the environment variable named by apiKeyEnv, and ignores an empty one', () => {
    const stored = encodeStoredKey(profile.baseUrl, 'sk-stored-1');
    assert.deepEqual(lookupKey({ ...profile, apiKeyEnv: 'MY_KEY' }, stored, { MY_KEY: 'sk-env-1' }), { status: 'ok', key: 'sk-env-1', source: 'env' });
    assert.deepEqual(lookupKey({ ...profile, apiKeyEnv: 'MY_KEY' }, stored, { MY_KEY: '' }), { status: 'ok', key: 'sk-stored-1', source: 'secret' });
  });

  it('normalises base URLs for comparison only', () => {
    assert.equal(normalizeBaseUrl('HTTP://LocalHost:80/v1//'), 'http://localhost/v1');
    assert.equal(normalizeBaseUrl('not a url/'), 'not a url');
  });
});
