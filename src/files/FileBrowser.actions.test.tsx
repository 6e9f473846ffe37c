import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import type { StoredFile, TrashRequest } from '../../amplify/core/api';
import {
  makeListing,
  makeQuota,
  makeStoredFile,
  sessionUrl,
} from '../test/fixtures';
import { renderSignedIn } from '../test/render';
import { server } from '../test/server';
import { FileBrowser } from './FileBrowser';

const downloadUrl = `${sessionUrl}/download`;

function Browser() {
  const [folder, setFolder] = useState('');

  return <FileBrowser folder={folder} onOpenFolder={setFolder} />;
}

function mockFiles(files: StoredFile[]) {
  server.use(
    http.get(sessionUrl, () => HttpResponse.json(makeListing({ files }))),
  );
}

function photo(path: string, overrides: Partial<StoredFile> = {}) {
  return makeStoredFile(path, {
    contentType: 'image/png',
    storageClass: 'STANDARD',
    ...overrides,
  });
}

function rowNames() {
  const list = screen.getByRole('list', { name: 'Files' });

  return within(list)
    .getAllByRole('listitem')
    .map((row) => row.getAttribute('aria-labelledby'))
    .map((id) => document.getElementById(id ?? '')?.textContent);
}

describe('FileBrowser views', () => {
  it('sorts by size and filters by name', async () => {
    mockFiles([
      photo('big.png', { size: 3000 }),
      photo('small.png', { size: 10 }),
      photo('middle.png', { size: 500 }),
    ]);
    const user = userEvent.setup();
    renderSignedIn(<Browser />);
    await screen.findByRole('listitem', { name: 'big.png' });

    await user.selectOptions(screen.getByLabelText('Sort by'), 'size');

    expect(rowNames()).toEqual(['small.png', 'middle.png', 'big.png']);

    await user.selectOptions(screen.getByLabelText('Order'), 'descending');

    expect(rowNames()).toEqual(['big.png', 'middle.png', 'small.png']);

    await user.type(screen.getByLabelText('Filter this folder'), 'MID');

    expect(rowNames()).toEqual(['middle.png']);
  });

  it('shows thumbnails in the grid and icons for other files', async () => {
    mockFiles([
      photo('cat.png', { thumbnailUrl: 'https://thumbs.test/cat' }),
      makeStoredFile('notes.pdf', { contentType: 'application/pdf' }),
    ]);
    const user = userEvent.setup();
    renderSignedIn(<Browser />);
    await screen.findByRole('listitem', { name: 'cat.png' });

    await user.click(screen.getByRole('button', { name: 'Grid' }));

    const cat = screen.getByRole('listitem', { name: 'cat.png' });
    const thumbnail = cat.querySelector('img');
    expect(thumbnail).toHaveAttribute('src', 'https://thumbs.test/cat');
    const notes = screen.getByRole('listitem', { name: 'notes.pdf' });
    expect(notes.querySelector('img')).toBeNull();
    expect(notes.querySelector('[data-icon]')).toHaveAttribute(
      'data-icon',
      'document',
    );
  });

  it('shows the icon when a thumbnail fails to load', async () => {
    mockFiles([photo('cat.png', { thumbnailUrl: 'https://thumbs.test/cat' })]);
    const user = userEvent.setup();
    renderSignedIn(<Browser />);
    await screen.findByRole('listitem', { name: 'cat.png' });
    await user.click(screen.getByRole('button', { name: 'Grid' }));
    const cat = screen.getByRole('listitem', { name: 'cat.png' });

    cat.querySelector('img')?.dispatchEvent(new Event('error'));

    await vi.waitFor(() => expect(cat.querySelector('img')).toBeNull());
    expect(cat.querySelector('[data-icon]')).toHaveAttribute(
      'data-icon',
      'photo',
    );
  });

  it('shows each file’s storage class', async () => {
    mockFiles([
      photo('a.png', { storageClass: 'GLACIER_IR' }),
      photo('b.png', { storageClass: 'STANDARD_IA' }),
    ]);

    renderSignedIn(<Browser />);

    expect(
      await screen.findByRole('listitem', { name: 'a.png' }),
    ).toHaveTextContent('Archive instant');
    expect(screen.getByRole('listitem', { name: 'b.png' })).toHaveTextContent(
      'Infrequent',
    );
  });
});

describe('FileBrowser preview', () => {
  it('steps through photos with the arrow keys and closes with Escape', async () => {
    mockFiles([photo('a.png'), makeStoredFile('b.pdf'), photo('c.png')]);
    const requested: string[] = [];
    server.use(
      http.get(downloadUrl, ({ request }) => {
        const url = new URL(request.url);
        const path = url.searchParams.get('path') ?? '';
        requested.push(`${path} ${url.searchParams.get('disposition')}`);

        return HttpResponse.json({
          path,
          url: `https://bucket.test/${path}`,
          expiresAt: '2030-01-01T00:00:00.000Z',
          fileName: path,
        });
      }),
    );
    const user = userEvent.setup();
    renderSignedIn(<Browser />);

    await user.click(await screen.findByRole('button', { name: 'a.png' }));

    const first = await screen.findByRole('dialog', {
      name: 'Preview of a.png',
    });
    expect(await within(first).findByRole('img')).toHaveAttribute(
      'src',
      'https://bucket.test/a.png',
    );
    expect(first).toHaveTextContent('1 of 2');

    await user.keyboard('{ArrowRight}');

    expect(
      await screen.findByRole('dialog', { name: 'Preview of c.png' }),
    ).toBeVisible();

    await user.keyboard('{ArrowRight}');

    expect(
      await screen.findByRole('dialog', { name: 'Preview of a.png' }),
    ).toBeVisible();

    await user.keyboard('{ArrowLeft}');
    await user.click(screen.getByRole('button', { name: 'Previous photo' }));

    expect(
      await screen.findByRole('dialog', { name: 'Preview of a.png' }),
    ).toBeVisible();

    await user.keyboard('{Escape}');

    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(requested).toEqual(['a.png inline', 'c.png inline']);
  });
});

describe('FileBrowser actions', () => {
  it('downloads through the presigned GET', async () => {
    mockFiles([photo('a.png')]);
    server.use(
      http.get(downloadUrl, () =>
        HttpResponse.json({
          path: 'a.png',
          url: 'https://bucket.test/a.png?X-Amz-Signature=1',
          expiresAt: '2030-01-01T00:00:00.000Z',
          fileName: 'a.png',
        }),
      ),
    );
    const clicked: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      clicked.push(this.href);
    });
    const user = userEvent.setup();
    renderSignedIn(<Browser />);

    await user.click(
      await screen.findByRole('button', { name: 'Download a.png' }),
    );

    await vi.waitFor(() =>
      expect(clicked).toEqual(['https://bucket.test/a.png?X-Amz-Signature=1']),
    );
  });

  it('deletes ticked files after confirmation', async () => {
    mockFiles([photo('a.png'), photo('b.png'), photo('c.png')]);
    const bodies: TrashRequest[] = [];
    server.use(
      http.post(`${sessionUrl}/trash`, async ({ request }) => {
        const body = (await request.json()) as TrashRequest;
        bodies.push(body);

        return HttpResponse.json({
          quota: makeQuota(),
          results: body.paths.map((path) => ({
            path,
            outcome: 'TRASHED',
            trashId: `t-${path}`,
          })),
        });
      }),
    );
    const user = userEvent.setup();
    renderSignedIn(<Browser />);
    await user.click(await screen.findByLabelText('Select a.png'));
    await user.click(screen.getByLabelText('Select c.png'));

    await user.click(
      screen.getByRole('button', { name: 'Delete selected (2)' }),
    );
    const dialog = screen.getByRole('alertdialog');
    expect(dialog).toHaveTextContent('Delete 2 files');
    expect(bodies).toEqual([]);
    await user.click(
      within(dialog).getByRole('button', { name: 'Delete 2 files' }),
    );

    expect(await screen.findByText('2 moved to the trash.')).toBeVisible();
    expect(bodies).toEqual([{ paths: ['a.png', 'c.png'] }]);
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
  });

  it('cancels a delete with Escape', async () => {
    mockFiles([photo('a.png')]);
    const user = userEvent.setup();
    renderSignedIn(<Browser />);

    await user.click(
      await screen.findByRole('button', { name: 'Delete a.png' }),
    );
    await user.keyboard('{Escape}');

    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
  });

  it('deletes Deep Archive files for good, and says so first', async () => {
    mockFiles([
      photo('old.png', {
        storageClass: 'DEEP_ARCHIVE',
        archive: { state: 'ARCHIVED' },
      }),
    ]);
    const bodies: TrashRequest[] = [];
    server.use(
      http.post(`${sessionUrl}/trash`, async ({ request }) => {
        bodies.push((await request.json()) as TrashRequest);

        return HttpResponse.json({
          quota: makeQuota(),
          results: [{ path: 'old.png', outcome: 'DELETED' }],
        });
      }),
    );
    const user = userEvent.setup();
    renderSignedIn(<Browser />);

    await user.click(
      await screen.findByRole('button', { name: 'Delete old.png' }),
    );
    const dialog = screen.getByRole('alertdialog');
    expect(dialog).toHaveTextContent('deleted for good');
    await user.click(
      within(dialog).getByRole('button', { name: 'Delete 1 file' }),
    );

    expect(await screen.findByText('1 deleted for good.')).toBeVisible();
    expect(bodies).toEqual([{ paths: ['old.png'], permanent: true }]);
  });

  it('offers Restore with the wait for Deep Archive files', async () => {
    let archive: StoredFile['archive'] = { state: 'ARCHIVED' };
    server.use(
      http.get(sessionUrl, () =>
        HttpResponse.json(
          makeListing({
            files: [
              photo('old.png', { storageClass: 'DEEP_ARCHIVE', archive }),
            ],
          }),
        ),
      ),
      http.post(`${sessionUrl}/archive-restore`, () => {
        archive = {
          state: 'RESTORING',
          requestedAt: '2026-12-04T10:00:00.000Z',
          expectedAt: '2026-12-04T22:00:00.000Z',
        };

        return HttpResponse.json({ path: 'old.png', archive });
      }),
    );
    const user = userEvent.setup();
    renderSignedIn(<Browser />);
    const row = await screen.findByRole('listitem', { name: 'old.png' });
    expect(
      within(row).queryByRole('button', { name: 'Download old.png' }),
    ).not.toBeInTheDocument();
    expect(row).toHaveTextContent('archived: restore to download');

    const restore = await within(row).findByRole('button', {
      name: 'Restore old.png',
    });
    expect(restore).toHaveTextContent('Restore (about 12 h)');
    await user.click(restore);

    expect(
      await within(row).findByText(/restoring, ready about/),
    ).toBeVisible();
    expect(
      within(row).queryByRole('button', { name: 'Restore old.png' }),
    ).not.toBeInTheDocument();
  });

  it('downloads a restored Deep Archive file', async () => {
    mockFiles([
      photo('old.png', {
        storageClass: 'DEEP_ARCHIVE',
        archive: {
          state: 'RESTORED',
          availableUntil: '2026-12-11T10:00:00.000Z',
        },
      }),
    ]);

    renderSignedIn(<Browser />);

    const row = await screen.findByRole('listitem', { name: 'old.png' });
    expect(row).toHaveTextContent('restored until');
    expect(
      within(row).getByRole('button', { name: 'Download old.png' }),
    ).toBeVisible();
  });
});

describe('FileBrowser delete failure', () => {
  it('shows the API error and closes the dialog', async () => {
    mockFiles([photo('a.png')]);
    server.use(
      http.post(`${sessionUrl}/trash`, () =>
        HttpResponse.json(
          { error: { code: 'BUSY', message: 'The table is busy; try again.' } },
          { status: 503 },
        ),
      ),
    );
    const user = userEvent.setup();
    renderSignedIn(<Browser />);

    await user.click(
      await screen.findByRole('button', { name: 'Delete a.png' }),
    );
    await user.click(screen.getByRole('button', { name: 'Delete 1 file' }));

    expect(
      await screen.findByText(/The table is busy; try again\./),
    ).toBeVisible();
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
  });
});

describe('FileBrowser paging', () => {
  it('loads the next page when the list end shows', async () => {
    const cursors: (string | null)[] = [];
    server.use(
      http.get(sessionUrl, ({ request }) => {
        const cursor = new URL(request.url).searchParams.get('cursor');
        cursors.push(cursor);
        const files = cursor === null ? [photo('a.png')] : [photo('b.png')];

        return HttpResponse.json(
          makeListing({ files, cursor: cursor === null ? 'next' : null }),
        );
      }),
    );

    renderSignedIn(<Browser />);

    expect(
      await screen.findByRole('listitem', { name: 'b.png' }),
    ).toBeVisible();
    expect(cursors).toEqual([null, 'next']);
  });
});
