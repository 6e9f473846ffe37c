import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import type { TrashItem, TrashListResponse } from '../../amplify/core/api';
import { makeQuota, sessionUrl } from '../test/fixtures';
import { renderSignedIn } from '../test/render';
import { server } from '../test/server';
import { TrashView } from './TrashView';

const trashUrl = `${sessionUrl}/trash`;

function makeItem(path: string): TrashItem {
  return {
    trashId: `t-${path}`,
    path,
    size: 2048,
    contentType: 'image/png',
    storageClass: 'STANDARD',
    trashedAt: '2026-12-01T10:00:00.000Z',
    expiresAt: '2026-12-31T10:00:00.000Z',
  };
}

function makeTrashPage(
  items: TrashItem[],
  cursor: string | null = null,
): TrashListResponse {
  return { quota: makeQuota(), retentionDays: 30, items, cursor };
}

describe('TrashView', () => {
  it('lists deleted files with the retention', async () => {
    server.use(
      http.get(trashUrl, () =>
        HttpResponse.json(makeTrashPage([makeItem('Trip/a.png')])),
      ),
    );

    renderSignedIn(<TrashView />);

    expect(
      await screen.findByText(/Deleted files stay here for 30 days/),
    ).toBeVisible();
    const row = screen.getByRole('listitem', { name: 'a.png' });
    expect(row).toHaveTextContent('Trip/a.png');
    expect(row).toHaveTextContent('2.0 KiB');
    expect(within(row).getAllByRole('time')[1]).toHaveAttribute(
      'datetime',
      '2026-12-31T10:00:00.000Z',
    );
  });

  it('says so when the trash is empty', async () => {
    server.use(http.get(trashUrl, () => HttpResponse.json(makeTrashPage([]))));

    renderSignedIn(<TrashView />);

    expect(await screen.findByText('The trash is empty.')).toBeVisible();
  });

  it('restores a file and names where it went', async () => {
    let items = [makeItem('a.png')];
    let restoredIds: unknown;
    server.use(
      http.get(trashUrl, () => HttpResponse.json(makeTrashPage(items))),
      http.post(`${trashUrl}/restore`, async ({ request }) => {
        restoredIds = await request.json();
        items = [];

        return HttpResponse.json({
          quota: makeQuota(),
          results: [
            { trashId: 't-a.png', outcome: 'RESTORED', path: 'a (1).png' },
          ],
        });
      }),
    );
    const user = userEvent.setup();
    renderSignedIn(<TrashView />);

    await user.click(
      await screen.findByRole('button', { name: 'Restore a.png' }),
    );

    expect(await screen.findByText('Restored to a (1).png.')).toBeVisible();
    expect(restoredIds).toEqual({ trashIds: ['t-a.png'] });
    expect(await screen.findByText('The trash is empty.')).toBeVisible();
  });

  it('empties the trash after confirmation, as many times as needed', async () => {
    let deleteCount = 0;
    server.use(
      http.get(trashUrl, () =>
        HttpResponse.json(
          makeTrashPage(deleteCount === 2 ? [] : [makeItem('a.png')]),
        ),
      ),
      http.delete(trashUrl, () => {
        deleteCount += 1;

        return HttpResponse.json({
          quota: makeQuota(),
          removedCount: 200,
          hasMore: deleteCount < 2,
        });
      }),
    );
    const user = userEvent.setup();
    renderSignedIn(<TrashView />);

    await user.click(
      await screen.findByRole('button', { name: 'Empty trash' }),
    );
    expect(deleteCount).toBe(0);
    await user.click(screen.getByRole('button', { name: 'Delete for good' }));

    expect(
      await screen.findByText(/Deleted 400 files for good\./),
    ).toBeVisible();
    expect(deleteCount).toBe(2);
    expect(await screen.findByText('The trash is empty.')).toBeVisible();
  });

  it('keeps the files when emptying is cancelled', async () => {
    let deleteCount = 0;
    server.use(
      http.get(trashUrl, () =>
        HttpResponse.json(makeTrashPage([makeItem('a.png')])),
      ),
      http.delete(trashUrl, () => {
        deleteCount += 1;
        return HttpResponse.json({});
      }),
    );
    const user = userEvent.setup();
    renderSignedIn(<TrashView />);

    await user.click(
      await screen.findByRole('button', { name: 'Empty trash' }),
    );
    await user.click(screen.getByRole('button', { name: 'Keep them' }));

    expect(screen.getByRole('button', { name: 'Empty trash' })).toBeVisible();
    expect(deleteCount).toBe(0);
  });

  it('pages through the cursor at the end of the list', async () => {
    const cursors: (string | null)[] = [];
    server.use(
      http.get(trashUrl, ({ request }) => {
        const cursor = new URL(request.url).searchParams.get('cursor');
        cursors.push(cursor);

        return HttpResponse.json(
          cursor === null
            ? makeTrashPage([makeItem('a.png')], 'next')
            : makeTrashPage([makeItem('b.png')]),
        );
      }),
    );

    renderSignedIn(<TrashView />);

    expect(
      await screen.findByRole('listitem', { name: 'b.png' }),
    ).toBeVisible();
    expect(cursors).toEqual([null, 'next']);
  });
});
