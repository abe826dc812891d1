/** Secret-looking files: never read or sent to a model without the user's explicit permission. */

const SECRET_NAME = [
  /^\.env(\..*)?$/i, // .env, .env.local, .env.production
  /\.pem$/i,
  /\.key$/i,
  /^id_(rsa|dsa|ecdsa|ed25519)(\..*)?$/i, // id_rsa, id_rsa.pub, id_ed25519
  /\.p12$/i,
  /\.pfx$/i,
  /^\.npmrc$/i,
  /^\.netrc$/i,
  /^\.envrc$/i, // direnv
  /^\.git-credentials$/i,
  /^\.pgpass$/i,
  /\.(jks|keystore|ppk|kdbx)$/i,
];

/** True when the file's name looks like it holds a secret (checked on the last path segment). */
export function isSecretPath(path: string): boolean {
  const name = path.split('/').pop() ?? path;
  if (/^\.env\.(example|sample|template)$/i.test(name)) return false;
  return SECRET_NAME.some((re) => re.test(name));
}
