/**
 * The environment a sandboxed command gets: cleared down to a safe set of names (where programs,
 * the home folder, the locale and toolchains are), without anything named like a key, token,
 * secret or password, without the variables that hold the model's API key, and without any
 * value that contains such a key.
 */

/** Variables a command may see (exact names, or a pattern). */
const SAFE_NAMES = new Set([
  'PATH', 'HOME', 'USER', 'LOGNAME', 'SHELL', 'LANG', 'LANGUAGE', 'TERM', 'COLORTERM', 'TZ', 'EDITOR', 'VISUAL',
  'PAGER', 'GIT_PAGER', 'NO_COLOR', 'FORCE_COLOR', 'CI', 'TERM_PROGRAM',
  'NODE_EXTRA_CA_CERTS', 'SSL_CERT_FILE', 'SSL_CERT_DIR', 'REQUESTS_CA_BUNDLE', 'CURL_CA_BUNDLE', 'GIT_SSL_CAINFO',
  'HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'http_proxy', 'https_proxy', 'no_proxy', 'ALL_PROXY', 'all_proxy',
  'NVM_DIR', 'NVM_BIN', 'JAVA_HOME', 'GOPATH', 'GOROOT', 'CARGO_HOME', 'RUSTUP_HOME', 'PYENV_ROOT', 'VIRTUAL_ENV', 'CONDA_PREFIX', 'GEM_HOME', 'DENO_DIR', 'BUN_INSTALL', 'PNPM_HOME',
]);
const SAFE_PATTERN = /^LC_[A-Z_]+$/;
/** Names that look like credentials, whatever the safe list says (sockets and display authority files are not credentials themselves). */
const SECRET_NAME = /key|token|secret|passw|credential|auth|cookie/i;
const NOT_SECRET = /(_SOCK|AUTHORITY)$/;
/** Variables that hold an endpoint's API key in Forge's own setup. */
export const KEY_VARIABLES = ['FORGE_API_KEY', 'OPENAI_API_KEY'];

export function isSecretEnvName(name: string): boolean {
  return SECRET_NAME.test(name) && !NOT_SECRET.test(name);
}

/**
 * The safe subset of env plus `extra` (e.g. CI=1 for non-interactive tools, TMPDIR). `keyNames`
 * are further variables whose values are secrets (a profile's apiKeyEnv): their values are also
 * kept out of every other variable.
 */
export function sandboxEnv(env: NodeJS.ProcessEnv, extra: Record<string, string> = {}, keyNames: readonly string[] = []): Record<string, string> {
  const keys = [...KEY_VARIABLES, ...keyNames];
  const secretValues = keys.map((k) => env[k]).filter((v): v is string => !!v && v.length >= 8);
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries({ ...env, ...extra })) {
    if (value === undefined || keys.includes(name) || isSecretEnvName(name)) continue;
    if (!(name in extra) && !SAFE_NAMES.has(name) && !SAFE_PATTERN.test(name)) continue;
    if (secretValues.some((s) => value.includes(s))) continue;
    if (/proxy$/i.test(name) && /\/\/[^/]*@/.test(value)) continue; // a proxy URL with a user and password in it

    out[name] = value;
  }
  out.PATH ??= '/usr/local/bin:/usr/bin:/bin';
  return out;
}

/** The host environment minus the API key variables and anything named like a credential (for commands that run unsandboxed). */
export function withoutSecrets(env: NodeJS.ProcessEnv, keyNames: readonly string[] = []): NodeJS.ProcessEnv {
  const keys = [...KEY_VARIABLES, ...keyNames];
  return Object.fromEntries(Object.entries(env).filter(([n]) => !keys.includes(n) && !isSecretEnvName(n)));
}
