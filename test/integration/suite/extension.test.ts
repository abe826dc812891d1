// Smoke checks from inside the extension host of a desktop VS Code (npm run test:electron).
// The workspace is a scratch copy of test/fixtures/sample-workspace.
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';

const EXTENSION_ID = 'forge-dev.forge-agent';

function workspaceFile(rel: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test workspace is open');
  return vscode.Uri.joinPath(folder.uri, rel);
}

async function read(rel: string): Promise<Uint8Array | undefined> {
  try {
    return await vscode.workspace.fs.readFile(workspaceFile(rel));
  } catch {
    return undefined;
  }
}

function reviewTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.includes('forge.review'));
}

async function until(check: () => boolean, timeoutMs = 15_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!check() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  return check();
}

describe('Forge in the extension host', () => {
  before(async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is installed`);
    await ext.activate();
  });

  afterEach(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  it('registers every command it contributes, all in the Forge category', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const contributed: { command: string; category?: string }[] = ext.packageJSON.contributes?.commands ?? [];
    assert.ok(contributed.some((c) => c.command === 'forge.reviewPatch'));
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const c of contributed) {
      assert.ok(registered.has(c.command), `${c.command} is registered`);
      assert.equal(c.category, 'Forge', `${c.command} is in the Forge category`);
    }
  });

  it('Review Patch opens the review panel for the active patch and writes nothing before a decision', async () => {
    const before = await read('src/cart.ts');
    const doc = await vscode.workspace.openTextDocument(workspaceFile('add-discount.patch'));
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('forge.reviewPatch');
    assert.ok(await until(() => reviewTabs().length === 1), 'one review panel is open');
    assert.deepEqual(await read('src/cart.ts'), before, 'cart.ts unchanged while under review');
    assert.equal(await read('src/discount.ts'), undefined, 'discount.ts not created while under review');
  });

  it('a patch that does not apply opens no panel and writes nothing', async () => {
    const patch = workspaceFile('broken.patch');
    const text = ['--- a/src/format.ts', '+++ b/src/format.ts', '@@ -1,3 +1,3 @@', ' export function nothingLikeThis() {', '-  old();', '+  new();', ' }', ''].join('\n');
    await vscode.workspace.fs.writeFile(patch, Buffer.from(text));
    const before = await read('src/format.ts');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(patch));
    await vscode.commands.executeCommand('forge.reviewPatch');
    await new Promise((r) => setTimeout(r, 1000));
    assert.equal(reviewTabs().length, 0, 'no review panel');
    assert.deepEqual(await read('src/format.ts'), before);
    await vscode.workspace.fs.delete(patch);
  });
});
