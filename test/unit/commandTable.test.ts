import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';

/** package.json must contribute exactly the commands the command table registers: no placeholders. */
describe('command table', () => {
  const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
  const table = readFileSync('src/vscode/commands.ts', 'utf8');
  const registered = [...table.matchAll(/^\s*'(forge\.[A-Za-z]+)':/gm)].map((m) => m[1]).sort();
  const contributed: string[] = pkg.contributes.commands.map((c: { command: string }) => c.command).sort();

  it('registers every contributed command and contributes every registered one', () => {
    assert.ok(registered.length > 0);
    assert.deepEqual(contributed, registered);
  });

  it('puts every command in the Forge category and never activates on *', () => {
    for (const c of pkg.contributes.commands) assert.equal(c.category, 'Forge', c.command);
    assert.ok(!pkg.activationEvents.includes('*'));
  });

  it('pins the VS Code engine and types for code-server 4.100.3', () => {
    assert.equal(pkg.engines.vscode, '^1.100.0');
    assert.equal(pkg.devDependencies['@types/vscode'], '~1.100.0');
    assert.match(pkg.dependencies.openai, /^\^?6\./);
  });
});
