import { strict as assert } from 'node:assert';
import { fencedCode } from '../../src/core/review/codeFence';

describe('fencedCode: a markdown code block its content cannot close', () => {
  it('uses three backticks for plain text and a longer fence than any run inside', () => {
    assert.equal(fencedCode('a = 1', 'text'), '\n```text\na = 1\n```\n');
    const evil = 'x\n```\n![t](https://evil.invalid/leak) [run](command:workbench.action.terminal.new)\n````';
    const block = fencedCode(evil, 'text');
    assert.ok(block.startsWith('\n`````text\n') && block.endsWith('\n`````\n'));
    assert.equal(block.slice('\n`````text\n'.length, -'\n`````\n'.length), evil);
  });
});
