/**
 * The HTTP error replies real OpenAI-compatible servers send, shaped like OpenAI's
 * `{ "error": { message, type, param, code } }` bodies.
 */
import type { Fault } from './types';

export interface ErrorReply {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

function openAiError(message: string, type: string, code: string | null, param: string | null = null) {
  return { error: { message, type, param, code } };
}

/** The reply for a status-code fault, or undefined for faults that are about the connection. */
export function errorReply(fault: Fault, model: string): ErrorReply | undefined {
  switch (fault.kind) {
    case 'unauthorized':
      return { status: 401, headers: {}, body: openAiError(fault.message ?? 'Incorrect API key provided.', 'invalid_request_error', 'invalid_api_key') };
    case 'forbidden':
      return { status: 403, headers: {}, body: openAiError(fault.message ?? 'You are not allowed to use this model.', 'invalid_request_error', 'permission_denied') };
    case 'modelNotFound':
      return { status: 404, headers: {}, body: openAiError(`The model \`${model}\` does not exist or you do not have access to it.`, 'invalid_request_error', 'model_not_found') };
    case 'contextLength':
      return {
        status: 400, headers: {},
        body: openAiError(
          "This model's maximum context length is 8192 tokens. However, your messages resulted in 9000 tokens. Please reduce the length of the messages.",
          'invalid_request_error', 'context_length_exceeded', 'messages'),
      };
    case 'toolsRejected':
      return {
        status: 400, headers: {},
        body: openAiError('"auto" tool choice requires --enable-auto-tool-choice and --tool-call-parser to be set; this server does not support tools', 'BadRequestError', null, 'tools'),
      };
    case 'rateLimited':
      return {
        status: 429,
        headers: fault.retryAfter === undefined ? {} : { 'retry-after': String(fault.retryAfter) },
        body: openAiError('Rate limit reached for requests. Please try again later.', 'requests', 'rate_limit_exceeded'),
      };
    case 'serverError':
      return {
        status: fault.status,
        headers: fault.retryAfter === undefined ? {} : { 'retry-after': String(fault.retryAfter) },
        body: openAiError(`The server had an error while processing your request (${fault.status}).`, 'server_error', null),
      };
    case 'status':
      return { status: fault.status, headers: fault.headers ?? {}, body: fault.body };
    default:
      return undefined;
  }
}
