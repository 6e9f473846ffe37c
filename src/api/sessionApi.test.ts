import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import {
  idToken,
  makeInitiated,
  makeListing,
  makeQuota,
  sessionUrl,
} from '../test/fixtures';
import { server } from '../test/server';
import { SessionApiError } from './errors';
import { createSessionApi } from './sessionApi';

const api = createSessionApi(async () => idToken);

describe('createSessionApi', () => {
  it('sends the ID token and the files with PUT /session', async () => {
    let authorization: string | null = null;
    let body: unknown;
    server.use(
      http.put(sessionUrl, async ({ request }) => {
        authorization = request.headers.get('Authorization');
        body = await request.json();

        return HttpResponse.json({
          quota: makeQuota(),
          uploads: [makeInitiated('a.jpg')],
        });
      }),
    );
    const files = [{ path: 'a.jpg', size: 3, contentType: 'image/jpeg' }];

    const response = await api.requestUploads(files);

    expect(authorization).toBe(idToken);
    expect(body).toEqual({ files });
    expect(response.uploads[0]?.state).toBe('INITIATED');
  });

  it('sends no header beyond what the API allows', async () => {
    const headerNames: string[] = [];
    server.use(
      http.put(sessionUrl, ({ request }) => {
        headerNames.push(...request.headers.keys());

        return HttpResponse.json({ quota: makeQuota(), uploads: [] });
      }),
    );

    await api.requestUploads([]);

    // The API's CORS preflight allows only these two request headers.
    expect(headerNames.sort()).toEqual(['authorization', 'content-type']);
  });

  it('lists a folder with its prefix and cursor', async () => {
    let url: URL | undefined;
    server.use(
      http.get(sessionUrl, ({ request }) => {
        url = new URL(request.url);

        return HttpResponse.json(makeListing({ folders: ['Trip/'] }));
      }),
    );

    const listing = await api.listFiles('Holiday 2024/', 'page 2');

    expect(url?.searchParams.get('prefix')).toBe('Holiday 2024/');
    expect(url?.searchParams.get('cursor')).toBe('page 2');
    expect(listing.folders).toEqual(['Trip/']);
  });

  it('omits the cursor on the first page', async () => {
    let url: URL | undefined;
    server.use(
      http.get(sessionUrl, ({ request }) => {
        url = new URL(request.url);

        return HttpResponse.json(makeListing());
      }),
    );

    await api.listFiles('', null);

    expect(url?.searchParams.get('prefix')).toBe('');
    expect(url?.searchParams.has('cursor')).toBe(false);
  });

  it('surfaces the API error code and message', async () => {
    server.use(
      http.put(sessionUrl, () =>
        HttpResponse.json(
          {
            error: {
              code: 'INVALID_PATH',
              message: 'files[0].path "../a" has a ".." segment; remove it.',
            },
          },
          { status: 400 },
        ),
      ),
    );

    const error = await api.requestUploads([]).catch((caught) => caught);

    expect(error).toBeInstanceOf(SessionApiError);
    expect(error.code).toBe('INVALID_PATH');
    expect(error.status).toBe(400);
    expect(error.message).toBe(
      'files[0].path "../a" has a ".." segment; remove it.',
    );
  });

  it('reports a response of another shape with its status', async () => {
    server.use(
      http.get(sessionUrl, () =>
        HttpResponse.json({ message: 'Unauthorized' }, { status: 401 }),
      ),
    );

    const error = await api.listFiles('', null).catch((caught) => caught);

    expect(error).toBeInstanceOf(SessionApiError);
    expect(error.status).toBe(401);
    expect(error.message).toBe(
      'The session API returned HTTP 401: Unauthorized',
    );
  });

  it('reports a network failure', async () => {
    server.use(http.put(sessionUrl, () => HttpResponse.error()));

    const error = await api.requestUploads([]).catch((caught) => caught);

    expect(error).toBeInstanceOf(SessionApiError);
    expect(error.code).toBe('NetworkError');
  });
});
