/**
 * An error a user or operator can meet, with a stable code (never branch on message text)
 * and, where a merchant may see it, a message in both languages.
 */
export class CodedError extends Error {
  constructor(
    readonly code: string,
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
