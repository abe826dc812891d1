import * as assert from 'node:assert/strict';
import { hostOf, parseEndpointProfile } from '../../../src/core/model/endpointProfile';

describe('endpoint profiles', () => {
  const good = { id: 'vllm-local', label: 'vLLM', baseUrl: 'http://127.0.0.1:8000/v1', model: 'qwen', pricing: { inputPerMillion: 0.1, outputPerMillion: 0.2 } };

  it('accepts a minimal profile and defaults supportsTools to auto', () => {
    const r = parseEndpointProfile(good);
    assert.ok(r.ok);
    assert.equal(r.profile.supportsTools, 'auto');
    assert.equal(hostOf(r.profile.baseUrl), '127.0.0.1:8000');
  });

  it('names the bad field in one sentence', () => {
    const cases: [object, string][] = [
      [{ ...good, baseUrl: 'ftp://x' }, 'baseUrl'],
      [{ ...good, model: '' }, 'model'],
      [{ ...good, supportsTools: 'yes' }, 'supportsTools'],
      [{ ...good, temperature: 5 }, 'temperature'],
      [{ ...good, pricing: { inputPerMillion: -1, outputPerMillion: 1 } }, 'pricing.inputPerMillion'],
      [{ ...good, id: 'has space' }, 'id'],
    ];
    for (const [value, field] of cases) {
      const r = parseEndpointProfile(value);
      assert.ok(!r.ok, field);
      assert.equal(r.field, field);
      assert.ok(r.message.startsWith(`Endpoint profile "${(value as any).id}": ${field} `), r.message);
    }
  });
});
