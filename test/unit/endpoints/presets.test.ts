import { strict as assert } from 'node:assert';
import { parseEndpointProfile } from '../../../src/core/model/endpointProfile';
import { ENDPOINT_PRESETS, isLocalUrl, presetById, validateBaseUrl } from '../../../src/core/settings/presets';

describe('endpoint presets', () => {
  it('covers every server the issue names, plus Custom, with unique ids', () => {
    const labels = ENDPOINT_PRESETS.map((p) => p.label);
    for (const name of ['OpenAI', 'Azure OpenAI', 'OpenRouter', 'Google Gemini', 'vLLM', 'Ollama', 'LM Studio', 'llama.cpp server', 'Custom']) {
      assert.ok(labels.includes(name), name);
    }
    assert.equal(new Set(ENDPOINT_PRESETS.map((p) => p.id)).size, ENDPOINT_PRESETS.length);
  });

  it('prefills the documented default URLs', () => {
    assert.equal(presetById('ollama')?.baseUrl, 'http://127.0.0.1:11434/v1');
    assert.equal(presetById('lmstudio')?.baseUrl, 'http://127.0.0.1:1234/v1');
    assert.equal(presetById('llamacpp')?.baseUrl, 'http://127.0.0.1:8080/v1');
    assert.equal(presetById('vllm')?.baseUrl, 'http://127.0.0.1:8000/v1');
    assert.equal(presetById('openai')?.baseUrl, 'https://api.openai.com/v1');
    assert.equal(presetById('gemini')?.baseUrl, 'https://generativelanguage.googleapis.com/v1beta/openai');
    assert.equal(presetById('openrouter')?.baseUrl, 'https://openrouter.ai/api/v1');
  });

  it('every concrete preset URL passes the wizard check and makes a valid profile; local ones need no key', () => {
    for (const p of ENDPOINT_PRESETS) {
      if (!p.baseUrl || p.baseUrl.includes('{')) continue;
      assert.equal(validateBaseUrl(p.baseUrl), undefined, p.id);
      const r = parseEndpointProfile({ id: p.id, label: p.label, baseUrl: p.baseUrl, model: 'm' });
      assert.ok(r.ok, p.id);
      assert.equal(isLocalUrl(p.baseUrl), p.local, p.id);
      if (p.local) assert.notEqual(p.key, 'required', p.id);
      else assert.equal(p.key, p.id === 'custom' ? 'optional' : 'required', p.id);
    }
  });

  it('refuses the Azure placeholder until it is replaced, and other bad URLs with a reason', () => {
    assert.match(validateBaseUrl(presetById('azure')!.baseUrl)!, /placeholder/);
    assert.equal(validateBaseUrl('https://myres.openai.azure.com/openai/v1'), undefined);
    assert.match(validateBaseUrl('')!, /Enter the server/);
    assert.match(validateBaseUrl('localhost:8000')!, /http:\/\/ or https:\/\//);
    assert.match(validateBaseUrl('not a url')!, /not a URL/);
    assert.match(validateBaseUrl('ftp://h/v1')!, /http:\/\/ or https:\/\//);
    assert.match(validateBaseUrl('https://user:sk-123@h/v1')!, /not in the URL/);
    assert.match(validateBaseUrl('http://h/v1/chat/completions')!, /API root/);
  });

  it('knows which hosts are local', () => {
    assert.ok(isLocalUrl('http://localhost:1234/v1'));
    assert.ok(isLocalUrl('http://[::1]:8080/v1'));
    assert.ok(!isLocalUrl('https://api.openai.com/v1'));
    assert.ok(!isLocalUrl('http://127.example.com/v1'));
  });
});
