import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import type {
  SessionRequest,
  StoredFile,
  Upload,
} from '../../amplify/core/api';
import {
  bucketUrl,
  makeInitiated,
  makeListing,
  makeQuota,
  makeRejected,
  makeStoredFile,
  sessionUrl,
} from '../test/fixtures';
import { renderSignedIn } from '../test/render';
import { server } from '../test/server';
import { DropZone } from './DropZone';
import { UploadList } from './UploadList';

type RecordedPost = { entries: [string, FormDataEntryValue][] };

/**
 * Mocks PUT /session with `uploads(request)`, S3 POSTs with `s3Response()`,
 * and GET /session with the files that `stored()` returns at that moment.
 */
function mockBackend({
  uploads,
  s3Response = () => new HttpResponse(null, { status: 204 }),
  stored = () => [],
}: {
  uploads: (request: SessionRequest) => Upload[];
  s3Response?: () => Response;
  stored?: () => StoredFile[];
}) {
  const sessionRequests: SessionRequest[] = [];
  const s3Posts: RecordedPost[] = [];
  server.use(
    http.put(sessionUrl, async ({ request }) => {
      const body = (await request.json()) as SessionRequest;
      sessionRequests.push(body);

      return HttpResponse.json({ quota: makeQuota(), uploads: uploads(body) });
    }),
    http.get(sessionUrl, () =>
      HttpResponse.json(makeListing({ files: stored() })),
    ),
    http.post(bucketUrl, async ({ request }) => {
      const form = await request.formData();
      s3Posts.push({ entries: [...form.entries()] });

      return s3Response();
    }),
  );

  return { sessionRequests, s3Posts };
}

function photo(name: string, size = 1200): File {
  return new File([new Uint8Array(size)], name, { type: 'image/jpeg' });
}

async function drop(files: File[]) {
  const user = userEvent.setup();
  await user.upload(screen.getByLabelText('Files to upload'), files);
}

function uploadRow(path: string): HTMLElement {
  return screen.getByRole('listitem', { name: path });
}

describe('DropZone with UploadList', () => {
  it('requests one session for a drop and shows refused files', async () => {
    const reason =
      '"big.jpg" needs 2.0 MiB, but 1.0 MiB is left of your 5.0 MiB.';
    const { sessionRequests, s3Posts } = mockBackend({
      uploads: ({ files }) =>
        files.map((file) =>
          file.path === 'small.jpg'
            ? makeInitiated(file.path)
            : makeRejected(file.path, reason),
        ),
      stored: () => [makeStoredFile('small.jpg')],
    });
    renderSignedIn(
      <>
        <DropZone folder="" />
        <UploadList />
      </>,
    );

    await drop([photo('big.jpg', 2048), photo('small.jpg', 100)]);

    const refused = await screen.findByRole('listitem', { name: 'big.jpg' });
    expect(within(refused).getByText('refused')).toBeVisible();
    expect(within(refused).getByText(reason)).toBeVisible();
    await waitFor(() =>
      expect(within(uploadRow('small.jpg')).getByText('stored')).toBeVisible(),
    );
    expect(sessionRequests).toEqual([
      {
        files: [
          { path: 'big.jpg', size: 2048, contentType: 'image/jpeg' },
          { path: 'small.jpg', size: 100, contentType: 'image/jpeg' },
        ],
      },
    ]);
    expect(s3Posts).toHaveLength(1);
    expect(s3Posts[0]?.entries).toContainEqual([
      'key',
      'users/member-sub-1/small.jpg',
    ]);
  });

  it('sends nothing to S3 when every file is refused', async () => {
    const s3Requests: string[] = [];
    const onRequest = ({ request }: { request: Request }) => {
      if (request.url.startsWith(bucketUrl)) {
        s3Requests.push(request.url);
      }
    };
    server.events.on('request:start', onRequest);
    mockBackend({
      uploads: ({ files }) =>
        files.map((file) => makeRejected(file.path, 'No space is left.')),
    });
    renderSignedIn(
      <>
        <DropZone folder="" />
        <UploadList />
      </>,
    );

    await drop([photo('a.jpg'), photo('b.jpg')]);

    expect(
      await screen.findByRole('listitem', { name: 'b.jpg' }),
    ).toHaveTextContent('refused');
    expect(uploadRow('a.jpg')).toHaveTextContent('No space is left.');
    expect(s3Requests).toEqual([]);
    server.events.removeListener('request:start', onRequest);
  });

  it('posts the policy fields in order with the file last', async () => {
    const upload = makeInitiated('Trip/beach.jpg');
    let isStored = false;
    const { s3Posts } = mockBackend({
      uploads: () => [upload],
      s3Response: () => {
        isStored = true;

        return new HttpResponse(null, { status: 204 });
      },
      stored: () => (isStored ? [makeStoredFile('Trip/beach.jpg')] : []),
    });
    const append = vi.spyOn(FormData.prototype, 'append');
    const beach = photo('beach.jpg', 1200);
    renderSignedIn(
      <>
        <DropZone folder="Trip/" />
        <UploadList />
      </>,
    );

    await drop([beach]);

    const row = await screen.findByRole('listitem', { name: 'Trip/beach.jpg' });
    await waitFor(() => expect(within(row).getByText('stored')).toBeVisible());
    const entries = s3Posts[0]?.entries ?? [];
    expect(entries.map(([name]) => name)).toEqual([
      ...Object.keys(upload.fields),
      'file',
    ]);
    expect(entries.slice(0, -1)).toEqual(Object.entries(upload.fields));
    // MSW re-encodes jsdom's FormData without the file's bytes, so the file
    // part is checked where the form is built.
    expect(append.mock.calls.at(-1)).toEqual(['file', beach]);
    expect(within(row).getByRole('progressbar')).toHaveAttribute(
      'aria-valuenow',
      '100',
    );
  });

  it('shows S3 error message when S3 rejects the post', async () => {
    mockBackend({
      uploads: ({ files }) => files.map((file) => makeInitiated(file.path)),
      s3Response: () =>
        new HttpResponse(
          '<?xml version="1.0" encoding="UTF-8"?>\n' +
            '<Error><Code>EntityTooLarge</Code>' +
            '<Message>Your proposed upload exceeds the maximum allowed size</Message>' +
            '<RequestId>4442587FB7D0A2F9</RequestId></Error>',
          { status: 400, headers: { 'Content-Type': 'application/xml' } },
        ),
    });
    renderSignedIn(
      <>
        <DropZone folder="" />
        <UploadList />
      </>,
    );

    await drop([photo('a.jpg')]);

    const row = await screen.findByRole('listitem', { name: 'a.jpg' });
    await waitFor(() => expect(within(row).getByText('failed')).toBeVisible());
    expect(
      within(row).getByText(
        'Your proposed upload exceeds the maximum allowed size (EntityTooLarge)',
      ),
    ).toBeVisible();
  });

  it('shows the API error on every file when the session fails', async () => {
    server.use(
      http.put(sessionUrl, () =>
        HttpResponse.json(
          {
            error: {
              code: 'TOO_MANY_FILES',
              message: 'The request has 1001 files; send at most 1000.',
            },
          },
          { status: 400 },
        ),
      ),
    );
    renderSignedIn(
      <>
        <DropZone folder="" />
        <UploadList />
      </>,
    );

    await drop([photo('a.jpg'), photo('b.jpg')]);

    await waitFor(() =>
      expect(uploadRow('b.jpg')).toHaveTextContent(
        'failedThe request has 1001 files; send at most 1000.',
      ),
    );
    expect(uploadRow('a.jpg')).toHaveTextContent('failed');
  });
});
