import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import type {
  AdminMember,
  AdminSettings,
  AdminUsersResponse,
  HouseholdCostResponse,
} from '../../amplify/core/api';
import { apiEndpoint, GiB, MiB } from '../test/fixtures';
import { renderSignedIn } from '../test/render';
import { server } from '../test/server';
import AdminPage from './AdminPage';

const usersUrl = `${apiEndpoint}/admin/users`;

function makeMember(email: string, overrides: Partial<AdminMember> = {}) {
  const member: AdminMember = {
    id: `id-${email.split('@')[0]}`,
    email,
    enabled: true,
    isAdmin: false,
    capBytes: 10 * GiB,
    hasOwnCap: false,
    usedBytes: 0,
    reservedBytes: 0,
    fileCount: 0,
    percentOfCap: 0,
    monthlyUsd: 0,
    lastUploadAt: null,
    ...overrides,
  };

  return member;
}

const members = [
  makeMember('alice@example.com', {
    usedBytes: 2 * GiB,
    percentOfCap: 20,
    fileCount: 40,
    monthlyUsd: 0.05,
    lastUploadAt: '2026-12-01T10:00:00.000Z',
  }),
  makeMember('bob@example.com', {
    capBytes: 5 * MiB,
    hasOwnCap: true,
    usedBytes: 4 * MiB,
    percentOfCap: 80,
    fileCount: 3,
  }),
];

const householdCost: HouseholdCostResponse = {
  prices: {
    region: 'us-east-1',
    takenOn: '2026-12-01',
    isOverridden: false,
    currency: 'USD',
  },
  household: {
    monthlyUsd: 0.05,
    byClass: [
      {
        storageClass: 'STANDARD',
        bytes: 2 * GiB,
        fileCount: 43,
        billedBytes: 2 * GiB,
        monthlyUsd: 0.05,
      },
    ],
  },
  members: [
    { id: 'id-alice', email: 'alice@example.com', monthlyUsd: 0.05 },
    { id: 'id-bob', email: 'bob@example.com', monthlyUsd: 0 },
  ],
  savings: [
    {
      month: '2027-01',
      withoutLifecycleUsd: 0.05,
      withLifecycleUsd: 0.03,
      savedUsd: 0.02,
    },
    {
      month: '2027-02',
      withoutLifecycleUsd: 0.05,
      withLifecycleUsd: 0.02,
      savedUsd: 0.03,
    },
  ],
};

function mockAdmin(
  response: AdminUsersResponse = {
    defaultCapBytes: 10 * GiB,
    members,
  },
) {
  server.use(
    http.get(usersUrl, () => HttpResponse.json(response)),
    http.get(`${apiEndpoint}/admin/cost`, () =>
      HttpResponse.json(householdCost),
    ),
  );
}

function emailColumn() {
  const table = screen.getByRole('table', { name: 'Members' });

  return within(table)
    .getAllByRole('rowheader')
    .map((cell) => cell.textContent);
}

describe('AdminPage', () => {
  it('lists members with usage, cost and last upload', async () => {
    mockAdmin();

    renderSignedIn(<AdminPage />);

    const alice = await screen.findByRole('row', { name: 'alice@example.com' });
    expect(alice).toHaveTextContent('2.0 GiB');
    expect(alice).toHaveTextContent('20.0%');
    expect(alice).toHaveTextContent('$0.05');
    expect(alice).toHaveTextContent('40');
    const bob = screen.getByRole('row', { name: 'bob@example.com' });
    expect(bob).toHaveTextContent('5.0 MiB');
    expect(bob).toHaveTextContent('never');
    expect(
      screen.getByRole('img', {
        name: 'bob@example.com: 4.0 MiB of 5.0 MiB, 80.0% of cap',
      }),
    ).toBeVisible();
  });

  it('sorts by a column and reverses on a second click', async () => {
    mockAdmin();
    const user = userEvent.setup();
    renderSignedIn(<AdminPage />);
    await screen.findByRole('row', { name: 'alice@example.com' });

    await user.click(screen.getByRole('button', { name: '% of cap' }));

    expect(emailColumn()).toEqual(['alice@example.com', 'bob@example.com']);

    await user.click(screen.getByRole('button', { name: /% of cap/ }));

    expect(emailColumn()).toEqual(['bob@example.com', 'alice@example.com']);
    expect(
      screen.getByRole('columnheader', { name: /% of cap/ }),
    ).toHaveAttribute('aria-sort', 'descending');
  });

  it('changes a cap and shows the warning for one below usage', async () => {
    mockAdmin();
    let update: unknown;
    server.use(
      http.put(`${usersUrl}/id-bob`, async ({ request }) => {
        update = await request.json();

        return HttpResponse.json({
          member: { ...members[1], capBytes: 2 * MiB },
          warning:
            'bob@example.com stores 4.0 MiB, more than the new cap; nothing is deleted.',
        });
      }),
    );
    const user = userEvent.setup();
    renderSignedIn(<AdminPage />);
    const bob = await screen.findByRole('row', { name: 'bob@example.com' });
    const amount = within(bob).getByLabelText('Cap for bob@example.com');

    await user.clear(amount);
    await user.type(amount, '2');
    await user.click(within(bob).getByRole('button', { name: 'Set cap' }));

    expect(
      await screen.findByText(/more than the new cap; nothing is deleted/),
    ).toBeVisible();
    expect(update).toEqual({ capBytes: 2 * MiB });
  });

  it('rejects a cap that is not a positive number', async () => {
    mockAdmin();
    const user = userEvent.setup();
    renderSignedIn(<AdminPage />);
    const bob = await screen.findByRole('row', { name: 'bob@example.com' });
    const amount = within(bob).getByLabelText('Cap for bob@example.com');

    await user.clear(amount);
    await user.type(amount, '-3');
    await user.click(within(bob).getByRole('button', { name: 'Set cap' }));

    expect(within(bob).getByRole('alert')).toHaveTextContent(
      'The cap "-3" is not a positive number of MiB',
    );
  });

  it('disables a member', async () => {
    mockAdmin();
    let update: unknown;
    server.use(
      http.put(`${usersUrl}/id-alice`, async ({ request }) => {
        update = await request.json();

        return HttpResponse.json({
          member: { ...members[0], enabled: false },
        });
      }),
    );
    const user = userEvent.setup();
    renderSignedIn(<AdminPage />);

    await user.click(
      await screen.findByRole('button', { name: 'Disable alice@example.com' }),
    );

    expect(
      await screen.findByText('alice@example.com: cap 10.0 GiB, disabled.'),
    ).toBeVisible();
    expect(update).toEqual({ enabled: false });
  });

  it('sets the default cap', async () => {
    mockAdmin();
    let settings: unknown;
    server.use(
      http.put(`${apiEndpoint}/admin/settings`, async ({ request }) => {
        const body = (await request.json()) as AdminSettings;
        settings = body;

        return HttpResponse.json(body);
      }),
    );
    const user = userEvent.setup();
    renderSignedIn(<AdminPage />);
    const amount = await screen.findByLabelText('Default cap');

    await user.clear(amount);
    await user.type(amount, '20');
    await user.click(screen.getByRole('button', { name: 'Set default cap' }));

    await vi.waitFor(() =>
      expect(settings).toEqual({ defaultCapBytes: 20 * GiB }),
    );
  });

  it('invites a member and shows the temporary password once', async () => {
    mockAdmin();
    let invite: unknown;
    server.use(
      http.post(usersUrl, async ({ request }) => {
        invite = await request.json();

        return HttpResponse.json(
          {
            member: makeMember('carol@example.com'),
            temporaryPassword: 'Temp-Pass-123',
          },
          { status: 201 },
        );
      }),
    );
    const user = userEvent.setup();
    renderSignedIn(<AdminPage />);

    await user.type(
      await screen.findByLabelText('Invite by email'),
      'carol@example.com',
    );
    await user.click(screen.getByRole('button', { name: 'Invite' }));

    const status = await screen.findByText(
      /Temporary password, shown only now/,
    );
    expect(status).toHaveTextContent('Temp-Pass-123');
    expect(invite).toEqual({ email: 'carol@example.com' });
    expect(screen.getByLabelText('Invite by email')).toHaveValue('');
  });

  it('shows the household cost and the savings by month', async () => {
    mockAdmin();

    renderSignedIn(<AdminPage />);

    expect(
      await screen.findByLabelText('Household monthly cost'),
    ).toHaveTextContent('$0.05');
    expect(screen.getByText(/the lifecycle rules save \$0\.05/)).toBeVisible();
    expect(
      screen.getByRole('row', { name: '2027-02 $0.05 $0.02 $0.03' }),
    ).toBeInTheDocument();
  });

  it('shows the API’s refusal to a member outside admins', async () => {
    server.use(
      http.get(usersUrl, () =>
        HttpResponse.json(
          {
            error: {
              code: 'FORBIDDEN',
              message: 'Only members of the admins group may list members.',
            },
          },
          { status: 403 },
        ),
      ),
      http.get(`${apiEndpoint}/admin/cost`, () =>
        HttpResponse.json({}, { status: 403 }),
      ),
    );

    renderSignedIn(<AdminPage />);

    expect(
      await screen.findByText(/Only members of the admins group/),
    ).toBeVisible();
  });
});
