import { strict as assert } from 'node:assert';
import { createModelClient } from '../../../src/core/model/openaiClient';
import { probeEndpoint } from '../../../src/core/model/probe';
import { capabilityReport } from '../../../src/core/settings/capabilityReport';
import { startModelServer, type ModelServer } from '../../support/modelServer';

/** The Test Endpoint report, from real probes against the scripted server. */
describe('capability report (Test Endpoint)', () => {
  let srv: ModelServer;
  before(async () => { srv = await startModelServer({ models: [{ id: 'm1', context_length: 32768 }] }); });
  after(() => srv.close());

  const profile = () => ({ id: 'p', label: 'Local', baseUrl: srv.url, model: 'm1', supportsTools: 'auto' as const });

  it('reports every capability of a server that can do everything', async () => {
    srv.script((req) => (req.body.tools ? { toolCalls: [{ name: 'report_status', arguments: { status: 'ok' } }] } : { text: 'ok', usage: { prompt_tokens: 9, completion_tokens: 1 } }));
    const key = 'sk-report-secret-123456';
    const r = capabilityReport(await probeEndpoint(createModelClient(profile(), { apiKey: key }), profile()), 'Local');
    assert.ok(r.ok);
    assert.match(r.headline, /^"Local" works: first token after \d+ ms, streaming yes, tool calls yes, usage reported, context 32768 tokens\.$/);
    assert.deepEqual(r.lines.map((l) => l.split(':')[0]), ['Reachable', 'Chat', 'Latency to first token', 'Streaming', 'Tool calls', 'Usage reporting', 'Context size', 'Models listed']);
    assert.ok(r.lines.includes('Tool calls: native'));
    assert.ok(!JSON.stringify(r).includes(key));
  });

  it('says when tools are rejected and usage is not reported', async () => {
    srv.script((req) => (req.body.tools ? { fault: { kind: 'toolsRejected' } } : { text: 'ok', usage: false }));
    const r = capabilityReport(await probeEndpoint(createModelClient(profile()), profile()), 'Local');
    assert.ok(r.ok);
    assert.match(r.headline, /tool calls via text protocol, usage estimated/);
    assert.ok(r.lines.includes('Usage reporting: not reported (Forge estimates it)'));
  });

  it('puts the error sentence in the headline when the key is rejected', async () => {
    srv.script([{ fault: { kind: 'unauthorized' } }]);
    srv.setModelsStatus(401);
    try {
      const result = await probeEndpoint(createModelClient(profile(), { apiKey: 'sk-wrong-1234567' }), profile());
      const r = capabilityReport(result, 'Local');
      assert.ok(!r.ok);
      assert.equal(result.error?.fix, 'setApiKey');
      assert.match(r.headline, /^"Local": .*key/i);
      assert.ok(!r.headline.includes('sk-wrong'));
    } finally {
      srv.setModelsStatus(undefined);
    }
  });

  it('says an unreachable server is unreachable', async () => {
    const dead = { ...profile(), baseUrl: 'http://127.0.0.1:9/v1', timeoutSeconds: 5 };
    const r = capabilityReport(await probeEndpoint(createModelClient(dead), dead), 'Dead');
    assert.ok(!r.ok);
    assert.ok(r.lines.includes('Reachable: no'));
    assert.match(r.headline, /nothing is listening|127\.0\.0\.1:9/);
  });
});
