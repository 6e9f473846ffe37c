import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import type { SessionRequest, StoredFile } from '../../amplify/core/api';
import {
  bucketUrl,
  makeInitiated,
  makeListing,
  makeQuota,
  makeStoredFile,
  sessionUrl,
} from '../test/fixtures';
import { renderWithApi, testMember, testSettings } from '../test/render';
import { server } from '../test/server';
import { SignedInApp } from './SignedInApp';

/** Creates a promise that the test resolves when it chooses. */
function gate() {
  let open = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });

  return { opened, open };
}

describe('SignedInApp', () => {
  it('shows the member and signs out', async () => {
    server.use(http.get(sessionUrl, () => HttpResponse.json(makeListing())));
    const onSignOut = vi.fn();
    const user = userEvent.setup();
    renderWithApi(
      <SignedInApp
        member={testMember}
        settings={testSettings}
        onSignOut={onSignOut}
      />,
    );

    expect(screen.getByText('alice@example.com')).toBeVisible();
    await user.click(screen.getByRole('button', { name: 'Sign out' }));

    expect(onSignOut).toHaveBeenCalledTimes(1);
  });

  it('moves bytes from in flight to used as an upload lands', async () => {
    const size = 1200;
    let stored: StoredFile[] = [];
    let quota = makeQuota();
    const s3Response = gate();
    server.use(
      http.get(sessionUrl, () =>
        HttpResponse.json(makeListing({ quota, files: stored })),
      ),
      http.put(sessionUrl, async ({ request }) => {
        const { files } = (await request.json()) as SessionRequest;
        quota = makeQuota({ reservedBytes: size });

        return HttpResponse.json({
          quota,
          uploads: files.map((file) => makeInitiated(file.path)),
        });
      }),
      http.post(bucketUrl, async () => {
        await s3Response.opened;
        stored = [makeStoredFile('photo.jpg', { size })];
        quota = makeQuota({ usedBytes: size });

        return new HttpResponse(null, { status: 204 });
      }),
    );
    const user = userEvent.setup();
    renderWithApi(
      <SignedInApp
        member={testMember}
        settings={testSettings}
        onSignOut={() => {}}
      />,
    );
    expect(await screen.findByText('No files here yet.')).toBeVisible();

    await user.upload(screen.getByLabelText('Files to upload'), [
      new File([new Uint8Array(size)], 'photo.jpg', { type: 'image/jpeg' }),
    ]);

    expect(await screen.findByText('1.2 KiB in flight')).toBeVisible();

    s3Response.open();

    const row = within(screen.getByRole('list', { name: 'Uploads' })).getByRole(
      'listitem',
      { name: 'photo.jpg' },
    );
    await waitFor(() => expect(row).toHaveTextContent('stored'));
    const files = await screen.findByRole('list', { name: 'Files' });
    expect(
      within(files).getByRole('listitem', { name: 'photo.jpg' }),
    ).toHaveTextContent('stored');
    expect(await screen.findByText('1.2 KiB used of 10.0 GiB')).toBeVisible();
    expect(screen.queryByText(/in flight/)).not.toBeInTheDocument();
  });
});
