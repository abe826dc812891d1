/**
 * Package managers and language runtimes: npm/npx/yarn/pnpm (any `--name=value` sets a config,
 * and some configs name programs: script-shell, node-options, userconfig, ...), node (--require,
 * --import, --eval, reporters), python (-c, -m) and pytest (-p plugins, --junitxml), tsc (outputs).
 */
import { has, scanOptions } from './optionScan';
import { asks, reading, type Invocation, type ProgramRule, type RuleOutcome } from './programRule';

/** npm configs that run programs, load code or name config files that can. */
const NPM_RUNS = ['script-shell', 'shell', 'node-options', 'userconfig', 'globalconfig', 'call', 'init-module', 'editor', 'browser', 'viewer', 'git', 'onload-script', 'node-gyp', 'package', 'use-yarnrc', 'require', 'yarn-path', 'global-pnpmfile', 'pnpmfile', 'config'];
const NPM_PATHS = ['prefix', 'cwd', 'dir', 'cache', 'workspace', 'w', 'C', 'userconfig'];

function packageManager(inv: Invocation): RuleOutcome {
  const w = inv.words;
  for (let i = Math.max(1, inv.trusted); i < w.length; i++) {
    const t = w[i].text;
    if (t === '--') break;
    if (/^--config\./.test(t)) return asks(`\`${t}\` sets package manager configuration`);
  }
  const name = w[0].text;
  // npx BIN ...: the words after BIN are BIN's own (checked as its invocation below).
  const binAt = name === 'npx' || name === 'pnpx' ? w.findIndex((x, i) => i > 0 && !x.text.startsWith('-')) : -1;
  const own = binAt > 0 ? w.slice(0, binAt) : w;
  const r = scanOptions(own, {
    runs: [...NPM_RUNS, '-c', ...(name === 'npx' ? ['-p'] : [])],
    reads: NPM_PATHS.filter((o) => o.length > 1),
    valued: ['-w', '-C'],
    safe: ['s', 'silent', 'sc'],
  }, 1, inv.trusted);
  if (r.ask) return asks(r.ask);
  const paths = [...r.readPaths, ...['-w', '-C'].map((o) => r.values.get(o)).filter((v) => v !== undefined)].map((word) => ({ word }));
  // Script arguments (`npm test -- ../x --out=../y`) reach the project's tools: the ones that name files are checked.
  for (const p of r.positionals) {
    const eq = /^--?[\w-]+=(.*)$/.exec(p.text);
    paths.push({ word: eq ? { ...p, text: eq[1] } : p });
  }
  // npx BIN ... / npm exec BIN ...: BIN's own options are checked as its invocation.
  const execAt = ['exec', 'x', 'dlx'].includes(r.positionals[0]?.text ?? '') ? 1 : -1;
  const bin = binAt > 0 ? w[binAt] : execAt >= 0 ? r.positionals[execAt] : undefined;
  if (bin) {
    const at = w.indexOf(bin);
    return { paths, inner: { words: w.slice(at), trusted: Math.max(0, inv.trusted - at) } };
  }
  return { paths };
}

const NODE_REPORTERS = new Set(['spec', 'tap', 'dot', 'junit', 'lcov']);

function node(inv: Invocation): RuleOutcome {
  const r = scanOptions(inv.words, {
    runs: ['-r', 'require', 'import', 'loader', 'experimental-loader', '-e', 'eval', '-p', 'print', '-i', 'interactive', 'env-file', 'env-file-if-exists', 'inspect', 'inspect-brk', 'inspect-wait', 'inspect-port',
      'openssl-config', 'experimental-sea-config', 'build-snapshot', 'snapshot-blob', 'run', 'experimental-config-file', 'test-global-setup'],
    writes: ['test-reporter-destination', 'redirect-warnings', 'cpu-prof', 'cpu-prof-dir', 'heap-prof', 'heap-prof-dir', 'diagnostic-dir', 'report-dir', 'report-directory', 'report-filename', 'trace-event-file-pattern', 'test-update-snapshots', 'prof'],
    valued: ['test-reporter', 'test-name-pattern', 'test-skip-pattern', 'test-concurrency', 'test-timeout', 'test-shard', 'conditions', '-C', 'input-type', 'stack-size', 'max-old-space-size', 'title', 'watch-path'],
    abbreviations: false,
  }, 1, inv.trusted);
  if (r.ask) return asks(r.ask);
  const reporter = r.values.get('test-reporter');
  if (reporter && !NODE_REPORTERS.has(reporter.text)) return asks(`\`--test-reporter=${reporter.raw}\` loads a module`);
  return reading(r.positionals);
}

const PYTEST = {
  runs: ['-p', 'override-ini', '-o', '-c', 'config-file', 'pastebin', 'pdbcls', 'rootdir', 'confcutdir'],
  writes: ['junitxml', 'junit-xml', 'resultlog', 'result-log', 'basetemp', 'debug', 'cov-report', 'report-log'],
  valued: ['-k', '-m', 'maxfail', 'tb', 'durations', 'log-level', 'deselect', 'ignore', 'ignore-glob'],
};

function python(inv: Invocation): RuleOutcome {
  const r = scanOptions(inv.words, { runs: ['-c', '-m', '-i'], valued: ['-W', '-X', '-Q'], abbreviations: false }, 1, inv.trusted);
  if (r.ask) return asks(r.ask);
  const m = inv.words.findIndex((w, i) => i > 0 && (w.text === '-m' || /^-[A-Za-z]*m$/.test(w.text)));
  if (m > 0 && inv.words[m + 1]?.text === 'pytest') return pytest({ words: inv.words.slice(m + 1), trusted: Math.max(0, inv.trusted - m - 1) });
  return reading(r.positionals);
}

function pytest(inv: Invocation): RuleOutcome {
  const r = scanOptions(inv.words, PYTEST, 1, inv.trusted);
  return r.ask ? asks(r.ask) : reading(r.positionals.filter((w) => !w.text.includes('::')));
}

function tsc(inv: Invocation): RuleOutcome {
  const r = scanOptions(inv.words, {
    writes: ['outdir', 'outfile', 'out', 'declarationdir', 'generatetrace', 'tsbuildinfofile', 'build', '-b', 'init', 'generatecpuprofile'],
    reads: ['project', '-p'],
    valued: ['target', 'module', 'lib', 'jsx', 'moduleresolution', 'rootdir', 'baseurl', 'types', 'locale'],
    singleDashLong: true,
  }, 1, inv.trusted);
  if (r.ask) return asks(r.ask);
  for (let i = 1; i < inv.words.length; i++) {
    const t = inv.words[i].text.toLowerCase();
    if ((t === '--noemit' || t === '-noemit') && inv.words[i + 1]?.text === 'false') return asks('`--noEmit false` writes the compiled files');
    if (/^--?noemit=false$/.test(t)) return asks('`--noEmit=false` writes the compiled files');
  }
  void has;
  return reading([...r.positionals, ...r.readPaths]);
}

export const PACKAGE_RULES: Record<string, ProgramRule> = {
  npm: packageManager, npx: packageManager, pnpm: packageManager, yarn: packageManager, pnpx: packageManager,
  node, python, python3: python, pytest, tsc,
};
