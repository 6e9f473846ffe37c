import { ApiError, del, get, post, put } from 'aws-amplify/api';
import type {
  AdminInviteRequest,
  AdminInviteResponse,
  AdminSettings,
  AdminUserResponse,
  AdminUserUpdate,
  AdminUsersResponse,
  ArchiveRestoreResponse,
  CostResponse,
  DownloadResponse,
  EmptyTrashResponse,
  FileRequest,
  HouseholdCostResponse,
  ListResponse,
  SessionRequest,
  SessionResponse,
  TrashListResponse,
  TrashRequest,
  TrashResponse,
  TrashRestoreResponse,
} from '../../amplify/core/api';
import { apiName } from '../config/outputs';
import { parseErrorBody, SessionApiError } from './errors';
import { fetchIdToken, readGroups } from './idToken';

/** The session API as the app uses it. */
export type SessionApi = {
  /** Requests upload policies for a batch of files: `PUT /session`. */
  requestUploads(files: FileRequest[]): Promise<SessionResponse>;
  /** Lists one page of a folder: `GET /session?prefix=&cursor=`. */
  listFiles(prefix: string, cursor: string | null): Promise<ListResponse>;
  /** Signs a GET for one file: `GET /session/download`. */
  requestDownload(
    path: string,
    disposition: 'attachment' | 'inline',
  ): Promise<DownloadResponse>;
  /**
   * Moves files into the trash: `POST /session/trash`. With `permanent`
   * they are deleted at once, which Deep Archive files need.
   */
  trashFiles(paths: string[], permanent?: boolean): Promise<TrashResponse>;
  /** Lists one page of the trash: `GET /session/trash?cursor=`. */
  listTrash(cursor: string | null): Promise<TrashListResponse>;
  /** Moves files back out of the trash: `POST /session/trash/restore`. */
  restoreFromTrash(trashIds: string[]): Promise<TrashRestoreResponse>;
  /** Deletes what the trash contains: `DELETE /session/trash`. */
  emptyTrash(): Promise<EmptyTrashResponse>;
  /** Asks for a readable copy of a Deep Archive file. */
  restoreArchive(path: string): Promise<ArchiveRestoreResponse>;
  /** Reads the member's monthly cost and the classes: `GET /session/cost`. */
  readCost(): Promise<CostResponse>;
  /** Reads the member's Cognito groups from the ID token. */
  readMemberGroups(): Promise<string[]>;
  listMembers(): Promise<AdminUsersResponse>;
  updateMember(id: string, update: AdminUserUpdate): Promise<AdminUserResponse>;
  inviteMember(request: AdminInviteRequest): Promise<AdminInviteResponse>;
  readSettings(): Promise<AdminSettings>;
  updateSettings(settings: AdminSettings): Promise<AdminSettings>;
  readHouseholdCost(): Promise<HouseholdCostResponse>;
};

type Method = 'GET' | 'PUT' | 'POST' | 'DELETE';

type RequestOptions = {
  queryParams?: Record<string, string>;
  body?: object;
  /** False for requests that must not repeat, such as one that reserves. */
  isRetryable?: boolean;
};

type RestOptions = NonNullable<Parameters<typeof get>[0]['options']>;

const operations = { GET: get, PUT: put, POST: post, DELETE: del };

/**
 * Creates the session API client over Amplify's REST API category. Each
 * request carries the member's ID token in the `Authorization` header, which
 * also makes Amplify skip SigV4 signing.
 */
export function createSessionApi(
  fetchToken: () => Promise<string> = fetchIdToken,
): SessionApi {
  async function call<T>(
    method: Method,
    path: string,
    { queryParams, body, isRetryable = true }: RequestOptions = {},
  ): Promise<T> {
    const headers = { Authorization: await fetchToken() };
    const options: RestOptions = { headers };
    if (queryParams) {
      options.queryParams = queryParams;
    }
    if (body) {
      options.body = { ...body };
    }
    if (!isRetryable) {
      options.retryStrategy = { strategy: 'no-retry' };
    }
    const operation = operations[method]({ apiName, path, options });

    return (await readJson(operation)) as T;
  }

  return {
    requestUploads(files) {
      const body: SessionRequest = { files };

      // No retry: each attempt reserves bytes and issues new policies.
      return call('PUT', '/session', { body, isRetryable: false });
    },

    listFiles(prefix, cursor) {
      return call('GET', '/session', {
        queryParams: withCursor({ prefix }, cursor),
      });
    },

    requestDownload(path, disposition) {
      return call('GET', '/session/download', {
        queryParams: { path, disposition },
      });
    },

    trashFiles(paths, permanent = false) {
      const body: TrashRequest = permanent ? { paths, permanent } : { paths };

      return call('POST', '/session/trash', { body });
    },

    listTrash(cursor) {
      return call('GET', '/session/trash', {
        queryParams: withCursor({}, cursor),
      });
    },

    restoreFromTrash(trashIds) {
      return call('POST', '/session/trash/restore', { body: { trashIds } });
    },

    emptyTrash() {
      return call('DELETE', '/session/trash');
    },

    restoreArchive(path) {
      return call('POST', '/session/archive-restore', { body: { path } });
    },

    readCost() {
      return call('GET', '/session/cost');
    },

    async readMemberGroups() {
      return readGroups(await fetchToken());
    },

    listMembers() {
      return call('GET', '/admin/users');
    },

    updateMember(id, update) {
      return call('PUT', `/admin/users/${encodeURIComponent(id)}`, {
        body: update,
      });
    },

    inviteMember(request) {
      // No retry: a repeated invite would find the member already created.
      return call('POST', '/admin/users', {
        body: request,
        isRetryable: false,
      });
    },

    readSettings() {
      return call('GET', '/admin/settings');
    },

    updateSettings(settings) {
      return call('PUT', '/admin/settings', { body: settings });
    },

    readHouseholdCost() {
      return call('GET', '/admin/cost');
    },
  };
}

function withCursor(
  queryParams: Record<string, string>,
  cursor: string | null,
): Record<string, string> {
  return cursor === null ? queryParams : { ...queryParams, cursor };
}

type RestOperation = {
  response: Promise<{ body: { json(): Promise<unknown> } }>;
};

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
