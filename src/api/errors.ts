import type { ErrorResponse } from '../../amplify/core/api';

/**
 * Error from the session API. `message` is the API's own message, written
 * for the member, so the app shows it as it is.
 */
export class SessionApiError extends Error {
  override name = 'SessionApiError';

  constructor(
    /** The API's error code, e.g. `InvalidRequest`, or `NetworkError`. */
    readonly code: string,
    message: string,
    /** HTTP status, or undefined when no response arrived. */
    readonly status?: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/**
 * Reads `{ error: { code, message } }` from a response body. Returns
 * undefined for any other shape, e.g. API Gateway's own
 * `{ "message": "Unauthorized" }`.
 */
export function parseErrorBody(body: string): ErrorResponse | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }

  if (!isErrorResponse(parsed)) {
    return undefined;
  }

  return parsed;
}

function isErrorResponse(value: unknown): value is ErrorResponse {
  if (typeof value !== 'object' || value === null || !('error' in value)) {
    return false;
  }

  const { error } = value;

  return (
    typeof error === 'object' &&
    error !== null &&
    'code' in error &&
    typeof error.code === 'string' &&
    'message' in error &&
    typeof error.message === 'string'
  );
}
