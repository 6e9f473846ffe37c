import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse, type HttpResponseResolver } from 'msw';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type {
  Quota,
  SessionRequest,
  StoredFile,
  ThumbnailUpload,
  Upload,
} from '../../amplify/core/api';
import type { AppSettings } from '../config/settings';
import {
  bucketUrl,
  makeInitiated,
  makeListing,
  makeQuota,
  makeRejected,
  makeStoredFile,
  memberSub,
  sessionUrl,
} from '../test/fixtures';
import { renderSignedIn, testSettings } from '../test/render';
import { server } from '../test/server';
import { DropZone } from './DropZone';
import { UploadList } from './UploadList';

type RecordedPost = { key: string; entries: [string, FormDataEntryValue][] };

const accepted = () => new HttpResponse(null, { status: 204 });

function s3Error(status: number, code: string, message: string) {
  return new HttpResponse(
    `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code>` +
      `<Message>${message}</Message><RequestId>4442587FB7D0A2F9</RequestId></Error>`,
    { status, headers: { 'Content-Type': 'application/xml' } },
  );
}

/**
 * Mocks the session API and the bucket. PUT /session returns
 * `uploads(request)`. An S3 POST returns `s3Response(key, count)`, where
 * `count` numbers the posts of that key from 1, and a 204 stores the file.
 * GET /session lists the stored files directly under the prefix.
 */
function mockBackend({
  uploads = ({ files }) => files.map((file) => makeInitiated(file.path)),
  s3Response = () => accepted(),
  stored: initial = [],
  quota = makeQuota(),
}: {
  uploads?: (request: SessionRequest) => Upload[];
  s3Response?: (key: string, count: number) => Response | Promise<Response>;
  stored?: StoredFile[];
  quota?: Quota;
} = {}) {
  const sessionRequests: SessionRequest[] = [];
  const s3Posts: RecordedPost[] = [];
  const listedPrefixes: string[] = [];
  const stored = [...initial];
  const onPost: HttpResponseResolver = async ({ request }) => {
    const form = await request.formData();
    const key = String(form.get('key'));
    s3Posts.push({ key, entries: [...form.entries()] });
    const count = s3Posts.filter((post) => post.key === key).length;
    const response = await s3Response(key, count);
    if (response.status === 204) {
      const path = key.replace(/^users\/[^/]+\//, '');
      stored.push(makeStoredFile(path));
    }

    return response;
  };
  server.use(
    http.put(sessionUrl, async ({ request }) => {
      const body = (await request.json()) as SessionRequest;
      sessionRequests.push(body);

      return HttpResponse.json({ quota, uploads: uploads(body) });
    }),
    http.get(sessionUrl, ({ request }) => {
      const prefix = new URL(request.url).searchParams.get('prefix') ?? '';
      listedPrefixes.push(prefix);
      const files = stored.filter(
        (file) =>
          file.path.startsWith(prefix) &&
          !file.path.slice(prefix.length).includes('/'),
      );

      return HttpResponse.json(makeListing({ quota, files }));
    }),
    http.post(bucketUrl, onPost),
  );

  return { sessionRequests, s3Posts, listedPrefixes };
}

function photo(name: string, size = 1200): File {
  return new File([new Uint8Array(size)], name, { type: 'image/jpeg' });
}

function inFolder(file: File, relativePath: string): File {
  Object.defineProperty(file, 'webkitRelativePath', { value: relativePath });

  return file;
}

function renderPanel(folder = '', settings: AppSettings = testSettings) {
  return renderSignedIn(
    <>
      <DropZone folder={folder} />
      <UploadList />
    </>,
    settings,
  );
}

async function drop(files: File[]) {
  const user = userEvent.setup();
  await user.upload(screen.getByLabelText('Files to upload'), files);
}

function uploadRow(path: string): HTMLElement {
  return within(screen.getByRole('list', { name: 'Uploads' })).getByRole(
    'listitem',
    { name: path },
  );
}

async function expectStatus(path: string, status: string) {
  await waitFor(() =>
    expect(within(uploadRow(path)).getByText(status)).toBeVisible(),
  );
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
    });
    renderPanel();

    await drop([photo('big.jpg', 2048), photo('small.jpg', 100)]);

    await expectStatus('big.jpg', 'refused');
    expect(within(uploadRow('big.jpg')).getByText(reason)).toBeVisible();
    await expectStatus('small.jpg', 'stored');
    expect(sessionRequests).toEqual([
      {
        files: [
          {
            path: 'big.jpg',
            size: 2048,
            contentType: 'image/jpeg',
            thumbnail: true,
          },
          {
            path: 'small.jpg',
            size: 100,
            contentType: 'image/jpeg',
            thumbnail: true,
          },
        ],
      },
    ]);
    expect(s3Posts.map((post) => post.key)).toEqual([
      'users/member-sub-1/small.jpg',
    ]);
  });

  it('posts the policy fields in order with the file last', async () => {
    const upload = makeInitiated('Trip/beach.jpg');
    const { s3Posts } = mockBackend({ uploads: () => [upload] });
    const append = vi.spyOn(FormData.prototype, 'append');
    const beach = photo('beach.jpg', 1200);
    renderPanel('Trip/');

    await drop([beach]);

    await expectStatus('Trip/beach.jpg', 'stored');
    const entries = s3Posts[0]?.entries ?? [];
    expect(entries.map(([name]) => name)).toEqual([
      ...Object.keys(upload.fields),
      'file',
    ]);
    expect(entries.slice(0, -1)).toEqual(Object.entries(upload.fields));
    // MSW re-encodes jsdom's FormData without the file's bytes, so the file
    // part is checked where the form is built.
    expect(append.mock.calls.at(-1)).toEqual(['file', beach]);
    expect(
      within(uploadRow('Trip/beach.jpg')).getByRole('progressbar'),
    ).toHaveAttribute('aria-valuenow', '100');
  });

  it('shows the API error on every file when the session fails', async () => {
    mockBackend();
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
    renderPanel();

    await drop([photo('a.jpg'), photo('b.jpg')]);

    await waitFor(() =>
      expect(uploadRow('b.jpg')).toHaveTextContent(
        'failedThe request has 1001 files; send at most 1000.',
      ),
    );
    expect(uploadRow('a.jpg')).toHaveTextContent('failed');
  });
});

describe('choosing files', () => {
  it('keeps a picked folder under the folder in view', async () => {
    const { sessionRequests, listedPrefixes } = mockBackend();
    const user = userEvent.setup();
    renderPanel('Family/');

    await user.upload(screen.getByLabelText('Folder to upload'), [
      inFolder(photo('a.jpg'), 'Trip/a.jpg'),
      inFolder(photo('b.jpg'), 'Trip/Day 2/b.jpg'),
      inFolder(photo('.DS_Store', 6), 'Trip/.DS_Store'),
      inFolder(photo('Thumbs.db', 6), 'Trip/Day 2/Thumbs.db'),
    ]);

    await expectStatus('Family/Trip/Day 2/b.jpg', 'stored');
    expect(
      screen.getByText(
        'Uploading 2 files, 2.3 KiB, with 10.0 GiB free. Left out 2 system files (.DS_Store, Thumbs.db, desktop.ini).',
      ),
    ).toBeVisible();
    expect(sessionRequests[0]?.files.map((file) => file.path)).toEqual([
      'Family/Trip/a.jpg',
      'Family/Trip/Day 2/b.jpg',
    ]);
    expect(listedPrefixes).toEqual(
      expect.arrayContaining(['Family/Trip/', 'Family/Trip/Day 2/']),
    );
  });

  it('uploads system files when the setting is off', async () => {
    const { sessionRequests } = mockBackend();
    renderPanel('', { ...testSettings, skipSystemFiles: false });

    await drop([photo('desktop.ini', 6)]);

    await expectStatus('desktop.ini', 'stored');
    expect(sessionRequests).toHaveLength(1);
  });

  it('opens the pickers from the keyboard', async () => {
    mockBackend();
    const user = userEvent.setup();
    renderPanel();
    const folderClick = vi.spyOn(
      screen.getByLabelText('Folder to upload'),
      'click',
    );

    await user.tab();
    expect(screen.getByRole('button', { name: 'Choose files' })).toHaveFocus();
    await user.tab();
    await user.keyboard('{Enter}');

    expect(folderClick).toHaveBeenCalledTimes(1);
  });
});

describe('checking a batch', () => {
  it('names the shortfall and uploads what fits', async () => {
    const quota = makeQuota({ capBytes: 5000, usedBytes: 2000 });
    const { sessionRequests } = mockBackend({ quota });
    const user = userEvent.setup();
    renderPanel();

    await drop([
      photo('a.jpg', 1500),
      photo('b.jpg', 2000),
      photo('c.jpg', 1000),
    ]);

    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent('3 files, 4.4 KiB: 2.9 KiB free');
    expect(dialog).toHaveTextContent('This is 1.5 KiB more than is free.');
    expect(dialog).toHaveTextContent('2 files (2.4 KiB) fit.');
    expect(sessionRequests).toEqual([]);

    await user.click(
      within(dialog).getByRole('button', {
        name: 'Upload what fits (2 files)',
      }),
    );

    await expectStatus('c.jpg', 'stored');
    expect(uploadRow('b.jpg')).toHaveTextContent(
      '"b.jpg" needs 2.0 KiB, but 1.5 KiB is left of your 4.9 KiB',
    );
    expect(sessionRequests[0]?.files.map((file) => file.path)).toEqual([
      'a.jpg',
      'c.jpg',
    ]);
  });

  it('sends nothing when the member cancels', async () => {
    const quota = makeQuota({ capBytes: 1000 });
    const { sessionRequests } = mockBackend({ quota });
    const user = userEvent.setup();
    renderPanel();

    await drop([photo('a.jpg', 2000)]);
    await user.click(await screen.findByRole('button', { name: 'Cancel' }));

    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(
      screen.queryByRole('list', { name: 'Uploads' }),
    ).not.toBeInTheDocument();
    expect(sessionRequests).toEqual([]);
  });

  it('cancels the dialog with Escape', async () => {
    const { sessionRequests } = mockBackend({
      quota: makeQuota({ capBytes: 1000 }),
    });
    const user = userEvent.setup();
    renderPanel();

    await drop([photo('a.jpg', 2000)]);
    const heading = within(await screen.findByRole('dialog')).getByRole(
      'heading',
    );
    expect(heading).toHaveFocus();
    await user.keyboard('{Escape}');

    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(sessionRequests).toEqual([]);
  });

  it('skips taken paths when the member chooses so', async () => {
    const { sessionRequests } = mockBackend({
      stored: [makeStoredFile('Trip/a.jpg')],
    });
    const user = userEvent.setup();
    renderPanel('Trip/');

    await drop([photo('a.jpg'), photo('b.jpg')]);
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent(
      '1 file already in Shoebox at the same path',
    );
    await user.click(within(dialog).getByRole('radio', { name: /^Skip/ }));
    await user.click(
      within(dialog).getByRole('button', { name: 'Upload 1 file' }),
    );

    await expectStatus('Trip/b.jpg', 'stored');
    expect(sessionRequests[0]?.files.map((file) => file.path)).toEqual([
      'Trip/b.jpg',
    ]);
  });

  it('asks the API to replace taken paths', async () => {
    const { sessionRequests } = mockBackend({
      stored: [makeStoredFile('a.jpg')],
    });
    const user = userEvent.setup();
    renderPanel();

    await drop([photo('a.jpg'), photo('b.jpg')]);
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByRole('radio', { name: /^Replace/ }));
    await user.click(
      within(dialog).getByRole('button', { name: 'Upload 2 files' }),
    );

    await expectStatus('b.jpg', 'stored');
    expect(sessionRequests[0]?.files).toEqual([
      {
        path: 'a.jpg',
        size: 1200,
        contentType: 'image/jpeg',
        replace: true,
        thumbnail: true,
      },
      {
        path: 'b.jpg',
        size: 1200,
        contentType: 'image/jpeg',
        thumbnail: true,
      },
    ]);
  });

  it('keeps both copies by default', async () => {
    const { sessionRequests } = mockBackend({
      stored: [makeStoredFile('a.jpg')],
      uploads: ({ files }) => files.map(() => makeInitiated('a (2).jpg')),
    });
    const user = userEvent.setup();
    renderPanel();

    await drop([photo('a.jpg')]);
    await user.click(
      await screen.findByRole('button', { name: 'Upload 1 file' }),
    );

    await expectStatus('a (2).jpg', 'stored');
    expect(sessionRequests[0]?.files.map((file) => file.path)).toEqual([
      'a.jpg',
    ]);
  });
});

describe('upload queue over HTTP', () => {
  it('requests policies in batches of the set size', async () => {
    const { sessionRequests } = mockBackend();
    renderPanel('', { ...testSettings, sessionBatchSize: 2 });

    await drop(['1', '2', '3', '4', '5'].map((n) => photo(`${n}.jpg`)));

    await expectStatus('5.jpg', 'stored');
    expect(sessionRequests.map(({ files }) => files.length)).toEqual([2, 2, 1]);
  });

  it('posts at most the set number of files at once', async () => {
    let running = 0;
    let maxRunning = 0;
    const release: (() => void)[] = [];
    mockBackend({
      s3Response: async () => {
        running += 1;
        maxRunning = Math.max(maxRunning, running);
        await new Promise<void>((resolve) => release.push(resolve));
        running -= 1;

        return accepted();
      },
    });
    renderPanel('', { ...testSettings, uploadConcurrency: 2 });

    await drop(['1', '2', '3', '4', '5'].map((n) => photo(`${n}.jpg`)));
    for (let released = 0; released < 5; released += 1) {
      await waitFor(() => expect(release.length).toBeGreaterThan(released));
      release[released]?.();
    }

    await expectStatus('5.jpg', 'stored');
    expect(maxRunning).toBe(2);
  });

  it('retries a 5xx and a network error, then stores the file', async () => {
    const { s3Posts } = mockBackend({
      s3Response: (_key, count) => {
        if (count === 1) {
          return s3Error(503, 'SlowDown', 'Please reduce your request rate.');
        }
        if (count === 2) {
          return HttpResponse.error();
        }

        return accepted();
      },
    });
    renderPanel();

    await drop([photo('a.jpg')]);

    await expectStatus('a.jpg', 'stored');
    expect(s3Posts).toHaveLength(3);
  });

  it('fails after the set number of attempts and retries on request', async () => {
    let isDown = true;
    const { s3Posts } = mockBackend({
      s3Response: () =>
        isDown
          ? s3Error(500, 'InternalError', 'We encountered an internal error.')
          : accepted(),
    });
    const user = userEvent.setup();
    renderPanel();

    await drop([photo('a.jpg')]);

    await expectStatus('a.jpg', 'failed');
    expect(uploadRow('a.jpg')).toHaveTextContent('gave up after 3 attempts');
    expect(s3Posts).toHaveLength(3);

    isDown = false;
    await user.click(screen.getByRole('button', { name: 'Retry failed (1)' }));

    await expectStatus('a.jpg', 'stored');
  });

  it('does not retry a refusal by S3', async () => {
    const { s3Posts } = mockBackend({
      s3Response: () =>
        s3Error(
          400,
          'EntityTooLarge',
          'Your proposed upload exceeds the maximum allowed size',
        ),
    });
    renderPanel();

    await drop([photo('a.jpg')]);

    await expectStatus('a.jpg', 'failed');
    expect(
      within(uploadRow('a.jpg')).getByText(
        'Your proposed upload exceeds the maximum allowed size (EntityTooLarge)',
      ),
    ).toBeVisible();
    expect(s3Posts).toHaveLength(1);
  });

  it('requests a fresh policy when S3 reports it expired', async () => {
    const { sessionRequests, s3Posts } = mockBackend({
      s3Response: (_key, count) =>
        count === 1
          ? s3Error(
              403,
              'AccessDenied',
              'Invalid according to Policy: Policy expired.',
            )
          : accepted(),
    });
    renderPanel();

    await drop([photo('a.jpg')]);

    await expectStatus('a.jpg', 'stored');
    expect(sessionRequests).toHaveLength(2);
    expect(s3Posts).toHaveLength(2);
  });

  it('cancels an upload and shows its bytes as held', async () => {
    let signalAborted: () => void = () => {};
    const aborted = new Promise<void>((resolve) => {
      signalAborted = resolve;
    });
    mockBackend({
      s3Response: async () => {
        await aborted;
        return accepted();
      },
    });
    const user = userEvent.setup();
    renderPanel();

    await drop([photo('a.jpg', 3072), photo('b.jpg', 2048)]);
    await expectStatus('a.jpg', 'uploading');
    await user.click(screen.getByRole('button', { name: 'Cancel all' }));
    signalAborted();

    await expectStatus('a.jpg', 'cancelled');
    expect(uploadRow('b.jpg')).toHaveTextContent('cancelled');
    expect(
      screen.getByText(/5\.0 KiB of cancelled uploads stay held until/),
    ).toBeVisible();
    expect(screen.getByRole('status')).toHaveTextContent(
      'Upload finished: 0 of 2 files stored, 2 cancelled.',
    );
  });

  it('announces a finished batch in a polite live region', async () => {
    mockBackend({
      uploads: ({ files }) =>
        files.map((file) =>
          file.path === 'no.jpg'
            ? makeRejected(file.path, 'No space is left.')
            : makeInitiated(file.path),
        ),
    });
    renderPanel();

    await drop([photo('yes.jpg'), photo('no.jpg')]);

    const region = screen.getByRole('status');
    expect(region).toHaveAttribute('aria-live', 'polite');
    await waitFor(() =>
      expect(region).toHaveTextContent(
        'Upload finished: 1 of 2 files stored, 1 refused.',
      ),
    );
  });

  it('asks before the page unloads mid-upload', async () => {
    let finish: () => void = () => {};
    const finished = new Promise<void>((resolve) => {
      finish = resolve;
    });
    mockBackend({
      s3Response: async () => {
        await finished;
        return accepted();
      },
    });
    renderPanel();
    const unload = () => {
      const event = new Event('beforeunload', { cancelable: true });
      window.dispatchEvent(event);
      return event.defaultPrevented;
    };

    await drop([photo('a.jpg')]);
    await expectStatus('a.jpg', 'uploading');

    expect(unload()).toBe(true);

    finish();
    await expectStatus('a.jpg', 'stored');

    expect(unload()).toBe(false);
  });

  it('renders a drop of 1,000 files within a second', async () => {
    mockBackend({ s3Response: () => new Promise<Response>(() => {}) });
    renderPanel();
    const files = Array.from({ length: 1000 }, (_, i) =>
      photo(`IMG_${i}.jpg`, 100),
    );

    const started = performance.now();
    await act(async () => {
      await drop(files);
    });
    await screen.findByRole('listitem', { name: 'IMG_0.jpg' });
    const elapsedMs = performance.now() - started;

    const rows = screen.getAllByRole('listitem');
    expect(rows.length).toBeLessThan(40);
    expect(rows[0]).toHaveAttribute('aria-setsize', '1000');
    expect(elapsedMs).toBeLessThan(1000);
  });
});

describe('thumbnails', () => {
  const thumbnailUrl = 'https://shoebox-thumbnails.s3.test/';

  function thumbnailTarget(path: string): ThumbnailUpload {
    const key = `thumbnails/${path}`;

    return {
      key,
      url: thumbnailUrl,
      fields: { key, 'Content-Type': 'image/jpeg' },
      maxBytes: 64 * 1024,
      contentTypes: ['image/jpeg'],
    };
  }

  /**
   * Replaces the browser's image decoder and canvas, which jsdom lacks,
   * with stand-ins that record the drawn size and encode a small JPEG.
   */
  function stubCanvas() {
    const canvasSizes: { width: number; height: number }[] = [];
    vi.stubGlobal('createImageBitmap', async () => ({
      width: 4000,
      height: 3000,
      close: () => undefined,
    }));
    vi.stubGlobal(
      'OffscreenCanvas',
      class {
        constructor(width: number, height: number) {
          canvasSizes.push({ width, height });
        }

        getContext() {
          return { fillRect: () => undefined, drawImage: () => undefined };
        }

        async convertToBlob() {
          return new Blob([new Uint8Array(500)], { type: 'image/jpeg' });
        }
      },
    );

    return canvasSizes;
  }

  /** Returns uploads with a thumbnail target for the files that request one. */
  function withThumbnails({ files }: SessionRequest): Upload[] {
    return files.map((file) =>
      file.thumbnail
        ? { ...makeInitiated(file.path), thumbnail: thumbnailTarget(file.path) }
        : makeInitiated(file.path),
    );
  }

  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('posts a thumbnail for a photo only', async () => {
    const canvasSizes = stubCanvas();
    const thumbnailPosts: RecordedPost[] = [];
    server.use(
      http.post(thumbnailUrl, async ({ request }) => {
        const form = await request.formData();
        thumbnailPosts.push({
          key: String(form.get('key')),
          entries: [...form.entries()],
        });

        return accepted();
      }),
    );
    const { sessionRequests, s3Posts } = mockBackend({
      uploads: withThumbnails,
    });
    renderPanel();
    const notes = new File(['plain text'], 'notes.txt', { type: 'text/plain' });

    await drop([photo('a.jpg'), notes]);

    await expectStatus('a.jpg', 'stored');
    await expectStatus('notes.txt', 'stored');
    const requested = sessionRequests.flatMap((request) => request.files);
    expect(requested.find((file) => file.path === 'a.jpg')?.thumbnail).toBe(
      true,
    );
    expect(
      requested.find((file) => file.path === 'notes.txt')?.thumbnail,
    ).toBeUndefined();
    expect(s3Posts.map((post) => post.key).sort()).toEqual([
      `users/${memberSub}/a.jpg`,
      `users/${memberSub}/notes.txt`,
    ]);
    expect(thumbnailPosts.map((post) => post.key)).toEqual([
      'thumbnails/a.jpg',
    ]);
    expect(thumbnailPosts[0]?.entries.at(-1)?.[0]).toBe('file');
    expect(canvasSizes).toEqual([{ width: 320, height: 240 }]);
  });

  it('stores the photo when the thumbnail fails', async () => {
    stubCanvas();
    let thumbnailAttempts = 0;
    server.use(
      http.post(thumbnailUrl, () => {
        thumbnailAttempts += 1;

        return new HttpResponse(null, { status: 403 });
      }),
    );
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    mockBackend({ uploads: withThumbnails });
    renderPanel();

    await drop([photo('a.jpg')]);

    await expectStatus('a.jpg', 'stored');
    expect(thumbnailAttempts).toBe(1);
    expect(warn).toHaveBeenCalledWith(
      expect.stringContaining('Thumbnail of a.jpg not sent (FAILED)'),
    );
    warn.mockRestore();
  });
});
