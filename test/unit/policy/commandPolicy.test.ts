/**
 * The command policy against bypass attempts, one class per block: every line is checked with the
 * real tree-sitter-bash parser and must ask (with the reason given) or be allowed.
 */
import { strict as assert } from 'node:assert';
import { checkCommand } from '../../../src/core/policy/commandPolicy';
import { TreeSitterShellParser } from '../../../src/core/policy/bashParser';
import { nodeGrammarSource } from '../../../src/node/nodeGrammars';
import { ALLOW, ALLOWED, BYPASSES } from './bypassCases';

const parser = new TreeSitterShellParser(nodeGrammarSource()!);
const check = (line: string, cwd = '') => checkCommand(parser, line, { allowlist: ALLOW, cwd, secretVars: ['FORGE_API_KEY', 'OPENAI_API_KEY', 'MY_LLM_TOKEN'] });

describe('command policy (tree-sitter-bash)', () => {
  let tried = 0;
  let blocked = 0;
  after(() => console.log(`      bypass attempts: ${tried} tried, ${blocked} blocked (asked with the expected reason)`));

  for (const [kind, cases] of Object.entries(BYPASSES)) {
    describe(`asks: ${kind}`, () => {
      for (const [line, why] of cases) {
        it(JSON.stringify(line), async () => {
          tried++;
          const v = await check(line);
          assert.equal(v.verdict, 'ask', `allowed: ${v.reason}`);
          assert.match(v.reason, why);
          blocked++;
        });
      }
    });
  }

  describe('allows lines whose every command is allowed as invoked', () => {
    for (const line of ALLOWED) it(JSON.stringify(line), async () => {
      const v = await check(line);
      assert.equal(v.verdict, 'allow', v.reason);
    });
  });

  it('resolves relative paths against the working folder', async () => {
    assert.equal((await check('cat ../README.md', 'src')).verdict, 'allow');
    assert.match((await check('cat ../../x', 'src')).reason, /leaves the workspace/);
  });

  it('follows symbolic links through the workspace port', async () => {
    const realPath = async (p: string) => (p === 'link' ? null : p === 'alias' ? '.env' : p);
    const v1 = await checkCommand(parser, 'cat link', { allowlist: ['cat'], realPath });
    assert.match(v1.reason, /outside the workspace through a symbolic link/);
    const v2 = await checkCommand(parser, 'cat alias', { allowlist: ['cat'], realPath });
    assert.match(v2.reason, /link to a file that looks like a secrets file/);
  });

  it('options inside the allowlist entry are the user\'s choice', async () => {
    assert.equal((await checkCommand(parser, 'git -c core.quotepath=off status', { allowlist: ['git -c core.quotepath=off status'] })).verdict, 'allow');
    assert.equal((await checkCommand(parser, 'sed -i s/a/b/ x.txt', { allowlist: ['sed -i'] })).verdict, 'allow');
  });

  it('matches allowlist entries by whole words', async () => {
    for (const line of ['git statusx', 'git', 'git status; git -c x=y log', 'git -c core.pager=sh status', 'lsx']) {
      assert.equal((await checkCommand(parser, line, { allowlist: ['git status', 'ls'] })).verdict, 'ask', line);
    }
  });

  it('asks when the parser itself fails (e.g. its wasm could not be loaded)', async () => {
    const broken = { parse: async () => { throw new Error('wasm missing'); } };
    assert.match((await checkCommand(broken, 'ls', { allowlist: ['ls'] })).reason, /could not read the command line .*wasm missing/);
  });

  it('asks for everything when the host has no parser', async () => {
    assert.match((await checkCommand(undefined, 'ls', { allowlist: ['ls'] })).reason, /no shell parser/);
  });

  it('reports the simple commands it found', async () => {
    const v = await check('ls -la | grep "a b" && echo $(pwd)');
    assert.deepEqual(v.commands.sort(), ['echo $(pwd)', 'grep "a b"', 'ls -la', 'pwd'].sort());
  });
});
