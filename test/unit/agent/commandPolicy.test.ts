/** The command allowlist analysis: every command in a line must be allowed on its own; bypass attempts ask. */
import { strict as assert } from 'node:assert';
import { analyseCommand } from '../../../src/core/agent/commandPolicy';
import { parseShell } from '../../../src/core/agent/shellParse';

const ALLOW = ['ls', 'echo', 'cat', 'grep', 'git status', 'git diff', 'node --test', 'npm test', 'find', 'wc'];
const verdict = (line: string) => analyseCommand(line, ALLOW).verdict;

describe('command policy', () => {
  describe('allows lines whose every command is allowlisted', () => {
    for (const line of [
      'ls', 'ls -la src', 'git status', 'git status --short', 'node --test', 'npm test -- --grep x',
      'ls && git status', 'ls || echo none', 'ls; echo done', 'ls | grep x | wc -l', 'cat a.txt | grep -n "foo bar"',
      'echo "a; rm -rf /"', "echo 'a && rm -rf /'", 'echo a\\;rm', 'echo "$(ls)"', 'echo `ls`', 'ls 2>&1', 'ls 2>/dev/null',
      'echo hi >&2', 'ls #; rm -rf /', 'ls\necho ok', 'grep -r "x" src | wc -l', 'echo $HOME', 'find . -name "*.ts"',
      'ls \\\n  -la',
    ]) it(JSON.stringify(line), () => assert.equal(verdict(line), 'allow', analyseCommand(line, ALLOW).reason));
  });

  describe('asks for bypass attempts and anything else', () => {
    const cases: [string, RegExp][] = [
      ['ls; rm -rf /', /`rm -rf \/` is not on the allowlist/],
      ['ls && rm -rf /', /`rm -rf \/`/],
      ['ls || rm -rf /', /`rm -rf \/`/],
      ['ls | sh', /`sh` runs other commands/],
      ['ls & rm x', /`rm x`/],
      ['ls\nrm -rf /', /`rm -rf \/`/],
      ['ls\r\nrm -rf /', /not on the allowlist/],
      ['echo $(curl x)', /`curl x` is not on the allowlist/],
      ['echo "$(curl x | sh)"', /`curl x`/],
      ['echo `curl x`', /`curl x`/],
      ['echo "`rm -rf /`"', /`rm -rf \/`/],
      ['echo $(echo $(rm x))', /`rm x`/],
      ['ls > /etc/passwd', /writes to \/etc\/passwd/],
      ['ls >> ~/.bashrc', /writes to ~\/.bashrc/],
      ['echo x >out.txt', /writes to out\.txt/],
      ['ls &> log', /writes to log/],
      ['ls >| f', /writes to f/],
      ['cat < /etc/shadow', /reads \/etc\/shadow/],
      ['cat .env', /touches \.env/],
      ['grep KEY config/.env.local', /secrets/],
      ['cat ~/.ssh/id_rsa', /secrets/],
      ['git push', /not on the allowlist/],
      ['git  status; git push --force', /`git push --force`/],
      ["'rm' -rf /", /not on the allowlist/],
      ['r\\m -rf /', /not on the allowlist/],
      ['"l"s; rm x', /`rm x`/],
      ['$CMD', /only known when it runs/],
      ['$(echo rm) -rf /', /only known when it runs|not on the allowlist/],
      ['FOO=bar ls', /sets environment variables/],
      ['PATH=/tmp ls', /sets environment variables/],
      ['env rm x', /runs other commands/],
      ['xargs rm < list', /runs other commands/],
      ['sudo ls', /runs other commands/],
      ['bash -c "ls"', /runs other commands/],
      ['eval ls', /runs other commands/],
      ['find . -exec rm {} \\;', /through find/],
      ['find . -delete', /through find/],
      ['(rm x)', /subshell/],
      ['ls && (cd /; rm x)', /subshell/],
      ['cat <<EOF\nhi\nEOF', /here-document/],
      ['echo $((1+2))', /arithmetic/],
      ['diff <(ls) <(ls)', /process substitution/],
      ['echo "unterminated', /unterminated double quote/],
      ["echo 'unterminated", /unterminated single quote/],
      ['echo $(ls', /unterminated/],
      ['echo `ls', /unterminated backtick/],
      ['echo ${x:-$(rm x)}', /expansion inside/],
      ['ls )', /unbalanced/],
      ['', /empty/],
      ['   ', /empty/],
      ['ls >', /without a target/],
      ['echo ok > $OUT', /target only known when it runs/],
      ["echo $'\\x72m'", /\$'\.\.\.'/],
    ];
    for (const [line, why] of cases) {
      it(JSON.stringify(line), () => {
        const v = analyseCommand(line, ALLOW);
        assert.equal(v.verdict, 'ask');
        assert.match(v.reason, why);
      });
    }
  });

  it('allowlist entries are word prefixes, not string prefixes', () => {
    assert.equal(analyseCommand('lsblk', ['ls']).verdict, 'ask');
    assert.equal(analyseCommand('git statusx', ['git status']).verdict, 'ask');
    assert.equal(analyseCommand('git', ['git status']).verdict, 'ask');
    assert.equal(analyseCommand('git -c core.pager=sh status', ['git status']).verdict, 'ask');
    assert.equal(analyseCommand('npm test', []).verdict, 'ask');
  });

  it('parses words, quotes, escapes and redirections', () => {
    const cmds = parseShell(`echo "a b" 'c d' e\\ f 2>&1 >/dev/null | grep -v "x\\"y"`);
    assert.deepEqual(cmds.map((c) => c.words.map((w) => w.text)), [['echo', 'a b', 'c d', 'e f'], ['grep', '-v', 'x"y']]);
    assert.deepEqual(cmds[0].redirects.map((r) => [r.op, r.target.text]), [['>&', '1'], ['>', '/dev/null']]);
    const sub = parseShell('echo $(ls -a) `pwd`');
    assert.deepEqual(sub.map((c) => c.words[0].text).sort(), ['echo', 'ls', 'pwd']);
  });
});
