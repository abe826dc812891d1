/**
 * The errors a model request ends with: one plain sentence for the user (`message`), a `fix`
 * naming the action that helps (the host turns it into a button), and a `kind` for code.
 * Messages never contain an API key (see redactSecrets).
 */

export type ModelErrorKind =
  | 'auth' // 401/403
  | 'modelNotFound' // 404 for the model
  | 'notFound' // 404 for the URL itself (wrong base URL)
  | 'contextLength' // prompt too long: the agent compacts and retries
  | 'toolsUnsupported' // the server rejected `tools`
  | 'rateLimited' // 429, retries exhausted
  | 'server' // 5xx, retries exhausted, or an error reported inside the stream
  | 'badRequest' // another 4xx
  | 'connectionRefused'
  | 'hostNotFound'
  | 'connectionReset'
  | 'network'
  | 'timeout' // no first byte in time, or the stream stalled
  | 'badResponse' // malformed JSON, a stream that ended early
  | 'cancelled'
  | 'notConfigured'; // no usable profile for the request (the host's settings)

/** Action ids the host maps to commands/buttons. */
export type ModelErrorFix = 'addEndpoint' | 'setApiKey' | 'selectModel' | 'testEndpoint' | 'openSettings' | 'retry';

export interface ModelErrorInit {
  kind: ModelErrorKind;
  message: string;
  fix?: ModelErrorFix;
  status?: number;
  /** Whether another attempt could succeed (the client retries these before any output). */
  retryable?: boolean;
  /** How long the server asked us to wait (Retry-After), in ms. */
  retryAfterMs?: number;
  /** Attempts made in total when the error was final. */
  attempts?: number;
  /** True when part of the reply had already been delivered to the caller. */
  partial?: boolean;
  /** The server reported the error inside a stream that was working (an SSE error event). */
  inStream?: boolean;
}

export class ModelError extends Error {
  override readonly name: string = 'ModelError';
  readonly kind: ModelErrorKind;
  readonly fix?: ModelErrorFix;
  readonly status?: number;
  readonly retryable: boolean;
  readonly retryAfterMs?: number;
  attempts: number;
  readonly partial: boolean;
  readonly inStream: boolean;

  constructor(init: ModelErrorInit) {
    super(init.message);
    this.kind = init.kind;
    this.fix = init.fix;
    this.status = init.status;
    this.retryable = init.retryable ?? false;
    this.retryAfterMs = init.retryAfterMs;
    this.attempts = init.attempts ?? 1;
    this.partial = init.partial ?? false;
    this.inStream = init.inStream ?? false;
  }
}

/** The prompt does not fit the model's context window: compact the history and try again. */
export class ContextLengthError extends ModelError {
  override readonly name = 'ContextLengthError';
  /** The model's limit and the prompt's size, when the server said so. */
  readonly limitTokens?: number;
  readonly requestedTokens?: number;

  constructor(message: string, limitTokens?: number, requestedTokens?: number) {
    super({ kind: 'contextLength', message, status: 400 });
    this.limitTokens = limitTokens;
    this.requestedTokens = requestedTokens;
  }
}

export function isModelError(e: unknown): e is ModelError {
  return e instanceof ModelError;
}

/** Removes the key and anything that looks like a bearer token or an API key from a text. */
export function redactSecrets(text: string, secrets: (string | undefined)[] = []): string {
  let out = text;
  for (const s of secrets) if (s && s.length >= 4) out = out.split(s).join('[redacted]');
  return out
    .replace(/Bearer\s+[^\s"',]+/gi, 'Bearer [redacted]')
    .replace(/\b(sk|rk|pk|key|gsk|xai)-[A-Za-z0-9_*.\-]{6,}/g, '[redacted]')
    .replace(/\bAIza[0-9A-Za-z_\-]{20,}/g, '[redacted]');
}

/** "300 ms", "1.5 s". */
export function formatDuration(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 100) / 10} s` : `${ms} ms`;
}

export function cancelledError(attempts: number): ModelError {
  return new ModelError({ kind: 'cancelled', message: 'The request was cancelled.', attempts });
}

export function gaveUpError(err: ModelError, attempts: number): ModelError {
  return new ModelError({
    kind: err.kind, status: err.status, fix: err.fix, retryAfterMs: err.retryAfterMs, attempts, partial: err.partial,
    message: `${err.message.replace(/\.$/, '')} (gave up after ${attempts} attempts).`,
  });
}

export function tooLongToWaitError(err: ModelError, attempts: number, budgetMs: number): ModelError {
  return new ModelError({
    kind: err.kind, status: err.status, fix: err.fix, retryAfterMs: err.retryAfterMs, attempts, partial: err.partial,
    message: `${err.message.replace(/\.$/, '')}; it asked to wait ${formatDuration(err.retryAfterMs!)}, more than the ${formatDuration(budgetMs)} Forge waits in all.`,
  });
}
