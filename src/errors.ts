/**
 * Every error code a user or operator can meet, with its HTTP status, in one table.
 * Code that decides on an error decides on its code (or `instanceof`), never on message text.
 * Add a row here before throwing a new code; the type below refuses codes that are not in it.
 */
export const errorCodes = {
  // HTTP boundary
  'http.bad_json': { status: 400, description: 'the body is not valid JSON' },
  'http.invalid_request': { status: 400, description: 'a field failed validation' },
  'http.invalid_path': { status: 400, description: 'the path is not valid percent-encoded UTF-8' },
  'http.body_too_large': { status: 413, description: 'the body passed the route limit' },
  'http.unsupported_media_type': { status: 415, description: 'the body is not of the accepted type' },
  'http.not_found': { status: 404, description: 'no route, or no such resource' },
  'http.method_not_allowed': { status: 405, description: 'the route exists for another method' },
  'http.host_not_allowed': { status: 421, description: 'the Host header is not one this server answers to' },
  'http.unauthorized': { status: 401, description: 'a token is required and was missing or wrong' },
  'http.request_timeout': { status: 408, description: 'the request body arrived too slowly' },
  'inbound.id_reused': { status: 409, description: 'a client id was reused with a different body' },
  'inbound.attachment_invalid': { status: 400, description: 'an attachment is not an upload of this chat' },
  'inbound.chat_busy': { status: 503, description: 'another worker holds the chat lease; the job runs again later' },
  // Availability
  'service.unavailable': { status: 503, description: 'a dependency (database, queue) is unavailable' },
  'service.overloaded': { status: 503, description: 'too many requests are waiting; retry later' },
  'server.shutting_down': { status: 503, description: 'the server is draining for shutdown' },
  // Webhooks and delivery to platforms
  'webhook.signature_invalid': { status: 401, description: 'a Slack signature is missing, forged or outside the 5-minute window' },
  'webhook.secret_invalid': { status: 401, description: 'the Telegram secret_token header is missing or wrong' },
  'webhook.payload_invalid': { status: 400, description: 'a webhook body failed validation' },
  'delivery.rate_limited': { status: 429, description: 'the platform asked us to slow down (retry_after)' },
  'delivery.rejected': { status: 502, description: 'the platform refused the message for good (blocked bot, bad chat)' },
  'delivery.failed': { status: 502, description: 'the platform could not be reached; retried with backoff' },
  'file.too_large': { status: 413, description: 'a file a user sent is larger than the limit' },
  'file.not_image': { status: 415, description: 'a file a user sent is not a whole JPEG, PNG, WebP or HEIC image' },
  // Cases (domain refusals are returned as values; these are thrown)
  'case.draft_invalid': { status: 400, description: 'a case draft failed validation' },
  'case.state_invalid': { status: 500, description: 'a stored case status is unknown to its table' },
  'case.chat_invalid': { status: 400, description: 'the chat does not belong to the merchant' },
  'case.not_found': { status: 404, description: 'no such case for this merchant' },
  'case.conflict': { status: 409, description: 'the case changed concurrently' },
  'case.closed': { status: 409, description: 'the case is closed; a message about it cannot be posted' },
  'case.transition_not_allowed': { status: 409, description: 'the state machine does not allow this step now' },
  'case.actor_not_allowed': { status: 403, description: 'this actor may not take this step' },
  'case.field_required': { status: 400, description: 'a field the step needs is missing' },
  'case.field_invalid': { status: 400, description: 'a field the step needs is invalid' },
  // The optional LLM (OPENAI_API_KEY): callers fall back to the offline path on every one of these
  'llm.timeout': { status: 504, description: 'the model did not answer within OPENAI_TIMEOUT_MS (retry included)' },
  'llm.rate_limited': { status: 429, description: 'the model API answered 429 and no retry fitted in the time budget' },
  'llm.failed': { status: 502, description: 'the model API answered 5xx or could not be reached' },
  'llm.rejected': { status: 502, description: 'the model API refused the request (bad key, unknown model, unsupported schema)' },
  'llm.invalid_output': { status: 502, description: 'the model answered, but not JSON of the expected schema (or refused)' },
  'llm.circuit_open': { status: 503, description: 'recent calls failed; calls are skipped until the cool-down ends' },
  'llm.prompt_invalid': { status: 500, description: 'a prompt file under prompts/ is missing or empty' },
  // The working-day calendar (CLI `deadline` / `calendar …`, CALENDAR_FILE)
  'calendar.ics_invalid': { status: 400, description: 'an iCalendar file to import is malformed (the message names the line)' },
  'calendar.import_incomplete': { status: 400, description: 'an imported year lacks statutory holidays the estimate has; refused unless --partial' },
  'calendar.hours_invalid': { status: 400, description: 'business hours are not ordered HH:MM periods' },
  'calendar.timezone_invalid': { status: 400, description: 'an unknown IANA time zone' },
  'calendar.date_invalid': { status: 400, description: 'a date or date-time that does not exist' },
  'calendar.days_invalid': { status: 400, description: 'a working-day count that is not a non-negative integer, or no working day within 20 years' },
  'calendar.year_unsupported': { status: 400, description: 'a year outside 1901–2099 (the lunar tables)' },
  'calendar.file_invalid': { status: 500, description: 'CALENDAR_FILE is not valid calendar data' },
  // Operator files and the embedded runtime
  'policy.invalid': { status: 500, description: 'POLICY_FILE is not a valid policy' },
  'embedded.data_dir_in_use': { status: 500, description: 'another process owns DATA_DIR' },
  'internal.unexpected': { status: 500, description: 'a bug: anything not coded above' },
} as const satisfies Record<string, { status: number; description: string }>;

export type ErrorCode = keyof typeof errorCodes;

/** The HTTP status of a code, from the table. */
export function httpStatusOf(code: ErrorCode): number {
  return errorCodes[code].status;
}

/**
 * An error a user or operator can meet, with a stable code (never branch on message text)
 * and, where a merchant may see it, a message in both languages.
 */
export class CodedError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly userMessage?: { zh: string; en: string },
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'CodedError';
  }
}

/** Normalizes anything thrown into a CodedError, keeping the original as `cause`. */
export function asCodedError(error: unknown): CodedError {
  if (error instanceof CodedError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new CodedError('internal.unexpected', message, undefined, { cause: error });
}

/** A failed delivery to a platform: rate limited (with the platform's retry-after), rejected for good, or transient. */
export class DeliveryError extends CodedError {
  constructor(
    code: 'delivery.rate_limited' | 'delivery.rejected' | 'delivery.failed',
    message: string,
    readonly retryAfterMs?: number,
    options?: { cause?: unknown },
  ) {
    super(code, message, undefined, options);
    this.name = 'DeliveryError';
  }
}

/** The codes a failed LLM call carries. */
export type LlmErrorCode = 'llm.timeout' | 'llm.rate_limited' | 'llm.failed' | 'llm.rejected' | 'llm.invalid_output' | 'llm.circuit_open';

/** A failed LLM call; the caller falls back to what it does without a model. */
export class LlmError extends CodedError {
  declare readonly code: LlmErrorCode;
  constructor(
    code: LlmErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(code, message, undefined, options);
    this.name = 'LlmError';
  }
}
