/**
 * What "Forge: Report a Problem" removes before the user sees the report (and may share it): API
 * keys and other known secret values, the values of headers and environment variables, anything
 * under a name like a key, token, secret, password, credential, auth or cookie, passwords in URLs,
 * secret-named query parameters, and text shaped like a bearer token or an API key. Pure.
 */
import { redactSecrets } from '../model/modelError';

export const REDACTED = '[redacted]';

/** A setting or field name whose string values are secrets. (Numbers such as maxContextTokens are kept.) */
const SECRET_NAME = /key|token|secret|passw|credential|auth|cookie|bearer|private/i;
/** Objects whose every string value is redacted (their names are kept): request headers, environments. */
const SECRET_MAPS = /^(headers|env|environment)$/i;

/** Redacts secrets in free text (a log line, an error message). `known`: exact secret values (API keys). */
export function redactText(text: string, known: readonly (string | undefined)[] = []): string {
  const values = known.filter((v): v is string => !!v && v.length >= 4).sort((a, b) => b.length - a.length);
  return redactSecrets(text, values)
    .replace(/\[redacted\]/g, REDACTED)
    .replace(/(\b[a-z][a-z0-9+.-]*:\/\/)[^/\s:@]+:[^/\s@]+@/gi, `$1${REDACTED}@`)
    .replace(/([?&][^=&#\s]*(?:key|token|secret|sig|auth|passw)[^=&#\s]*=)[^&#\s]+/gi, `$1${REDACTED}`)
    .replace(/("?[A-Za-z0-9_-]*(?:api[_-]?key|token|secret|password)"?\s*[:=]\s*"?)([^"\s,}&?#]{6,})/gi, `$1${REDACTED}`);
}

/** A settings value with its secrets redacted, walked to the leaves. `name` is the setting's (or field's) own name. */
export function redactValue(name: string, value: unknown, known: readonly (string | undefined)[] = [], inSecretMap = false): unknown {
  if (typeof value === 'string') {
    if (value && (inSecretMap || SECRET_NAME.test(name))) return REDACTED;
    return redactText(value, known);
  }
  if (Array.isArray(value)) return value.map((v) => redactValue(name, v, known, inSecretMap));
  if (value && typeof value === 'object') {
    const secretMap = inSecretMap || SECRET_MAPS.test(name);
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactValue(k, v, known, secretMap)]));
  }
  return value;
}
