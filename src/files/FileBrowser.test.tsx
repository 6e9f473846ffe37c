import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import type { ListResponse } from '../../amplify/core/api';
import { makeListing, makeStoredFile, MiB, sessionUrl } from '../test/fixtures';
import { renderSignedIn } from '../test/render';
import { server } from '../test/server';
import { FileBrowser } from './FileBrowser';

/** Mocks GET /session with the listing pages of each prefix. */
function mockListings(listings: Record<string, ListResponse[]>) {
  const requested: { prefix: string; cursor: string | null }[] = [];
  server.use(
    http.get(sessionUrl, ({ request }) => {
      const url = new URL(request.url);
      const prefix = url.searchParams.get('prefix') ?? '';
      const cursor = url.searchParams.get('cursor');
      requested.push({ prefix, cursor });
      const pages = listings[prefix] ?? [makeListing()];
      const page = cursor === null ? pages[0] : pages[Number(cursor)];

      return HttpResponse.json(page);
    }),
  );

  return requested;
}

function Browser() {
  const [folder, setFolder] = useState('');

  return <FileBrowser folder={folder} onOpenFolder={setFolder} />;
}

describe('FileBrowser', () => {
  it('lists folders and files with size, state and date', async () => {
    mockListings({
      '': [
        makeListing({
          folders: ['Holiday 2024/'],
          files: [
            makeStoredFile('IMG 0001.jpg', { size: 3 * MiB }),
            makeStoredFile('scan.pdf', { state: 'INITIATED', size: 512 }),
          ],
        }),
      ],
    });

    renderSignedIn(<Browser />);

    const list = await screen.findByRole('list', { name: 'Files' });
    expect(within(list).getAllByRole('listitem')).toHaveLength(3);
    expect(
      within(list).getByRole('button', { name: 'Holiday 2024' }),
    ).toBeVisible();
    const photo = within(list).getByRole('listitem', { name: 'IMG 0001.jpg' });
    expect(photo).toHaveTextContent('3.0 MiB');
    expect(photo).toHaveTextContent('stored');
    expect(within(photo).getByText(/2025/)).toHaveAttribute(
      'datetime',
      '2025-03-14T09:26:53.000Z',
    );
    expect(
      within(list).getByRole('listitem', { name: 'scan.pdf' }),
    ).toHaveTextContent('uploading');
  });

  it('opens a folder and goes back up', async () => {
    const requested = mockListings({
      '': [makeListing({ folders: ['Holiday 2024/'] })],
      'Holiday 2024/': [
        makeListing({
          folders: ['Beach/'],
          files: [makeStoredFile('Holiday 2024/IMG 0002.jpg')],
        }),
      ],
    });
    const user = userEvent.setup();
    renderSignedIn(<Browser />);

    await user.click(
      await screen.findByRole('button', { name: 'Holiday 2024' }),
    );

    expect(
      await screen.findByRole('listitem', { name: 'IMG 0002.jpg' }),
    ).toBeVisible();
    expect(screen.getByRole('button', { name: 'Beach' })).toBeVisible();
    const path = screen.getByRole('navigation', { name: 'Folder path' });
    expect(within(path).getByText('Holiday 2024')).toHaveAttribute(
      'aria-current',
      'location',
    );
    expect(requested).toContainEqual({ prefix: 'Holiday 2024/', cursor: null });

    await user.click(within(path).getByRole('button', { name: 'All files' }));

    expect(
      await screen.findByRole('button', { name: 'Holiday 2024' }),
    ).toBeVisible();
    expect(screen.queryByText('IMG 0002.jpg')).not.toBeInTheDocument();
  });

  it('loads the next page on request', async () => {
    const requested = mockListings({
      '': [
        makeListing({ files: [makeStoredFile('a.jpg')], cursor: '1' }),
        makeListing({ files: [makeStoredFile('b.jpg')] }),
      ],
    });
    const user = userEvent.setup();
    renderSignedIn(<Browser />);

    await user.click(
      await screen.findByRole('button', { name: 'Load more files' }),
    );

    expect(
      await screen.findByRole('listitem', { name: 'b.jpg' }),
    ).toBeVisible();
    expect(screen.getByRole('listitem', { name: 'a.jpg' })).toBeVisible();
    expect(requested).toEqual([
      { prefix: '', cursor: null },
      { prefix: '', cursor: '1' },
    ]);
    expect(
      screen.queryByRole('button', { name: 'Load more files' }),
    ).not.toBeInTheDocument();
  });

  it('says so when a folder is empty', async () => {
    mockListings({});

    renderSignedIn(<Browser />);

    expect(await screen.findByText('No files here yet.')).toBeVisible();
  });
});
