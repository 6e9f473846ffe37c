import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import type { SessionRequest } from '../../amplify/core/api';
import {
  apiEndpoint,
  bucketUrl,
  costUrl,
  makeCost,
  makeInitiated,
  makeListing,
  makeQuota,
  sessionUrl,
} from '../test/fixtures';
import { renderWithApi, testMember, testSettings } from '../test/render';
import { server } from '../test/server';
import { SignedInApp } from './SignedInApp';

/** Builds an unsigned JWT with `claims`, which the app only decodes. */
function tokenWith(claims: object): string {
  return `header.${btoa(JSON.stringify(claims))}.signature`;
}

function renderApp(token?: string) {
  return renderWithApi(
    <SignedInApp
      member={testMember}
      settings={testSettings}
      onSignOut={() => {}}
    />,
    token,
  );
}

function pageButtons() {
  return within(screen.getByRole('navigation', { name: 'Pages' }))
    .getAllByRole('button')
    .map((button) => button.textContent);
}

describe('SignedInApp pages', () => {
  it('hides the admin page from members outside admins', async () => {
    server.use(http.get(sessionUrl, () => HttpResponse.json(makeListing())));

    renderApp(tokenWith({ 'cognito:groups': ['family'] }));

    expect(await screen.findByText('No files here yet.')).toBeVisible();
    expect(pageButtons()).toEqual(['Library', 'Trash']);
  });

  it('opens the admin page for members of admins', async () => {
    server.use(
      http.get(sessionUrl, () => HttpResponse.json(makeListing())),
      http.get(`${apiEndpoint}/admin/users`, () =>
        HttpResponse.json({ defaultCapBytes: 1024, members: [] }),
      ),
      http.get(`${apiEndpoint}/admin/cost`, () =>
        HttpResponse.json({}, { status: 500 }),
      ),
    );
    const user = userEvent.setup();
    renderApp(tokenWith({ 'cognito:groups': ['admins'] }));

    await waitFor(() =>
      expect(pageButtons()).toEqual(['Library', 'Trash', 'Admin']),
    );
    await user.click(screen.getByRole('button', { name: 'Admin' }));

    expect(
      await screen.findByRole('heading', { name: 'Members' }),
    ).toBeVisible();
    expect(screen.getByRole('button', { name: 'Admin' })).toHaveAttribute(
      'aria-current',
      'page',
    );
  });

  it('shows the monthly cost by class beside the meter', async () => {
    server.use(
      http.get(sessionUrl, () => HttpResponse.json(makeListing())),
      http.get(costUrl, () =>
        HttpResponse.json(
          makeCost({
            estimate: {
              monthlyUsd: 1.5,
              byClass: [
                {
                  storageClass: 'STANDARD',
                  bytes: 1024 ** 3,
                  fileCount: 12,
                  billedBytes: 1024 ** 3,
                  monthlyUsd: 1.25,
                },
                {
                  storageClass: 'DEEP_ARCHIVE',
                  bytes: 2 * 1024 ** 3,
                  fileCount: 3,
                  billedBytes: 2 * 1024 ** 3,
                  monthlyUsd: 0.25,
                },
              ],
            },
          }),
        ),
      ),
    );

    renderApp();

    expect(
      await screen.findByLabelText('Estimated monthly cost'),
    ).toHaveTextContent('$1.50');
    expect(
      screen.getByRole('row', { name: 'Deep archive 2.0 GiB (3) $0.25' }),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/us-east-1 list prices of 2026-12-01/),
    ).toBeInTheDocument();
  });

  it('sends the chosen storage class with each upload', async () => {
    const requests: SessionRequest[] = [];
    server.use(
      http.get(sessionUrl, () => HttpResponse.json(makeListing())),
      http.put(sessionUrl, async ({ request }) => {
        const body = (await request.json()) as SessionRequest;
        requests.push(body);

        return HttpResponse.json({
          quota: makeQuota(),
          uploads: body.files.map((file) => makeInitiated(file.path)),
        });
      }),
      http.post(bucketUrl, () => new HttpResponse(null, { status: 204 })),
    );
    const user = userEvent.setup();
    renderApp();
    const deepArchive = await screen.findByRole('radio', {
      name: /Deep archive/,
    });
    expect(deepArchive.closest('label')).toHaveTextContent(
      'billed for at least 180 days, files under 40.0 KiB billed as 40.0 KiB, about 12 hours to restore before download',
    );
    expect(screen.getByRole('radio', { name: /Standard/ })).toBeChecked();

    await user.click(deepArchive);
    await user.upload(screen.getByLabelText('Files to upload'), [
      new File(['abc'], 'scan.pdf', { type: 'application/pdf' }),
    ]);

    await waitFor(() => expect(requests).toHaveLength(1));
    expect(requests[0]?.files[0]?.storageClass).toBe('DEEP_ARCHIVE');
  });
});
