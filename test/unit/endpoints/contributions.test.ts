import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { endpointProfileSchema } from '../../../src/core/model/endpointProfile';
import { ROLES } from '../../../src/core/settings/forgeSettings';

/** package.json's settings schema must describe exactly what the zod schemas accept. */
describe('endpoint settings contributions', () => {
  const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
  const conf = Array.isArray(pkg.contributes.configuration) ? pkg.contributes.configuration[0] : pkg.contributes.configuration;
  const props = conf.properties;

  it('contributes forge.endpoints, forge.activeEndpoint and forge.roles', () => {
    assert.equal(props['forge.endpoints'].type, 'array');
    assert.equal(props['forge.activeEndpoint'].type, 'string');
    assert.deepEqual(Object.keys(props['forge.roles'].properties).sort(), [...ROLES].sort());
  });

  it('lists every profile field zod knows, plus kind/vendor/family, and no others', () => {
    const schemaFields = Object.keys(props['forge.endpoints'].items.properties).sort();
    const zodFields = [...Object.keys(endpointProfileSchema.shape), 'kind', 'vendor', 'family'].sort();
    assert.deepEqual(schemaFields, zodFields);
    const pricing = props['forge.endpoints'].items.properties.pricing.properties;
    assert.deepEqual(Object.keys(pricing).sort(), ['cachedInputPerMillion', 'inputPerMillion', 'outputPerMillion']);
    assert.deepEqual(props['forge.endpoints'].items.properties.supportsTools.enum, ['auto', true, false]);
  });

  it('contributes the four endpoint commands in the Forge category, activating only after startup', () => {
    const ids = pkg.contributes.commands.filter((c: { category: string }) => c.category === 'Forge').map((c: { command: string }) => c.command);
    for (const id of ['forge.addEndpoint', 'forge.setApiKey', 'forge.selectModel', 'forge.testEndpoint']) assert.ok(ids.includes(id), id);
    // Never during startup ('*'): Forge activates once startup has finished, so the window's bridge is there for
    // `forge review` / `forge mcp`; activation itself is kept cheap (bench/activation.ts).
    assert.ok(!pkg.activationEvents.includes('*'), pkg.activationEvents.join(', '));
    assert.ok(pkg.activationEvents.includes('onStartupFinished'), pkg.activationEvents.join(', '));
  });

  it('keeps `new OpenAI(` inside src/core/model', () => {
    const { execSync } = require('node:child_process') as typeof import('node:child_process');
    const hits = execSync("grep -rln 'new OpenAI(' src || true", { encoding: 'utf8' }).trim().split('\n').filter(Boolean);
    assert.ok(hits.every((f) => f.startsWith('src/core/model/')), hits.join(', '));
  });
});
