/** The calibrated token estimate the context pack uses until gpt-tokenizer has loaded. */
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { countTokens } from 'gpt-tokenizer';
import { buildRepoMap } from '../../../src/core/context/repoMap';
import { estimateTokens, estimateTokensFraction } from '../../../src/core/context/tokenEstimate';

const C_SOURCE = `// SPDX-License-Identifier: GPL-2.0
static int e1000_set_itr(struct e1000_adapter *adapter, u32 itr_setting)
{
\tstruct e1000_hw *hw = &adapter->hw;
\tif (itr_setting > 100000 || (itr_setting && itr_setting < 100))
\t\treturn -EINVAL;
\tadapter->itr = itr_setting ? 1000000000 / (itr_setting * 256) : 0;
\tew32(ITR, adapter->itr);
\treturn 0;
}
`.repeat(20);

/** Forge's own source files, a real mix of code and comments. */
function sources(): string[] {
  const dir = join(__dirname, '../../../src/core/context');
  return readdirSync(dir).filter((f) => f.endsWith('.ts')).map((f) => readFileSync(join(dir, f), 'utf8'));
}

describe('estimateTokens (src/core/context/tokenEstimate.ts)', () => {
  it('is within 15% of o200k on C and on TypeScript, where chars/4 undercounts C by far more', () => {
    const real = countTokens(C_SOURCE);
    const ratio = estimateTokens(C_SOURCE) / real;
    assert.ok(ratio > 0.95 && ratio < 1.15, `C: estimate/real ${ratio.toFixed(3)}`);
    assert.ok(C_SOURCE.length / 4 / real < 0.85, 'chars/4 would undercount this C');
    for (const text of sources()) {
      const r = estimateTokens(text) / countTokens(text);
      assert.ok(r > 0.85 && r < 1.15, `TypeScript: estimate/real ${r.toFixed(3)}`);
    }
  });

  it('counts nothing as 0, any text as at least 1, and handles non-ASCII and control characters', () => {
    assert.equal(estimateTokens(''), 0);
    assert.equal(estimateTokens('\n'), 1);
    assert.ok(estimateTokens('日本語のテキスト\u0000\u007f\f') >= 8);
  });

  it('a repo map filled by estimate stays within its budget by the real count', () => {
    // Real paths: Forge's own source and tests, several times over with a prefix (a larger tree).
    const own = (readdirSync(join(__dirname, '../../..'), { recursive: true }) as string[]).filter((f) => /^(src|test)\/.*\.ts$/.test(f));
    const files = ['packages/a/', 'packages/b/', 'packages/c/'].flatMap((p) => own.map((f) => p + f));
    const map = buildRepoMap(files, 'fix the review panel', 2000, estimateTokensFraction);
    const real = countTokens(map.text);
    assert.ok(real <= 2000, `${real} tokens`);
    assert.ok(real > 1500, `uses most of its budget: ${real} tokens`); // camelCase paths: the estimate is ~20% high
  });
});
