import { ApiError, get, put } from 'aws-amplify/api';
import type {
  FileRequest,
  ListResponse,
  SessionRequest,
  SessionResponse,
} from '../../amplify/core/api';
import { apiName } from '../config/outputs';
import { parseErrorBody, SessionApiError } from './errors';
import { fetchIdToken } from './idToken';

/** The session API as the app uses it. */
export type SessionApi = {
  /** Requests upload policies for a batch of files: `PUT /session`. */
  requestUploads(files: FileRequest[]): Promise<SessionResponse>;
  /** Lists one page of a folder: `GET /session?prefix=&cursor=`. */
  listFiles(prefix: string, cursor: string | null): Promise<ListResponse>;
};

type RestOperation = {
  response: Promise<{ body: { json(): Promise<unknown> } }>;
};

/**
 * Creates the session API client over Amplify's REST API category. Each
 * request carries the member's ID token in the `Authorization` header, which
 * also makes Amplify skip SigV4 signing.
 */
export function createSessionApi(
  fetchToken: () => Promise<string> = fetchIdToken,
): SessionApi {
  return {
    async requestUploads(files) {
      const body: SessionRequest = { files };
      const headers = { Authorization: await fetchToken() };

      // No retry: each attempt reserves bytes and issues new policies.
      const operation = put({
        apiName,
        path: '/session',
        options: { headers, body, retryStrategy: { strategy: 'no-retry' } },
      });

      return (await readJson(operation)) as SessionResponse;
    },

    async listFiles(prefix, cursor) {
      const queryParams: Record<string, string> = { prefix };
      if (cursor !== null) {
        queryParams.cursor = cursor;
      }
      const headers = { Authorization: await fetchToken() };

      const operation = get({
        apiName,
        path: '/session',
        options: { headers, queryParams },
      });

      return (await readJson(operation)) as ListResponse;
    },
  };
}

async function readJson(operation: RestOperation): Promise<unknown> {
  try {
    const { body } = await operation.response;

    return await body.json();
  } catch (error) {
    throw toSessionApiError(error);
  }
}

function toSessionApiError(error: unknown): SessionApiError {
  if (error instanceof ApiError && error.response) {
    const { statusCode, body = '' } = error.response;
    const parsed = parseErrorBody(body);
    if (parsed) {
      return new SessionApiError(
        parsed.error.code,
        parsed.error.message,
        statusCode,
        { cause: error },
      );
    }

    return new SessionApiError(
      error.name,
      `The session API returned HTTP ${statusCode}: ${error.message}`,
      statusCode,
      { cause: error },
    );
  }

  if (!(error instanceof Error)) {
    return new SessionApiError('UnknownError', String(error));
  }

  // Amplify's fetch handler names a failed fetch (offline, DNS, CORS)
  // `NetworkError`.
  if (error.name === 'NetworkError') {
    return new SessionApiError(
      'NetworkError',
      'The session API could not be reached; check the connection and try again.',
      undefined,
      { cause: error },
    );
  }

  return new SessionApiError(
    error.name,
    `The request to the session API failed: ${error.message}`,
    undefined,
    { cause: error },
  );
}
