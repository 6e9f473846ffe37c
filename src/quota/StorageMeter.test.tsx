import { screen } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { GiB, makeListing, makeQuota, MiB, sessionUrl } from '../test/fixtures';
import { renderSignedIn } from '../test/render';
import { server } from '../test/server';
import { StorageMeter } from './StorageMeter';

function mockQuota(quota = makeQuota()) {
  server.use(
    http.get(sessionUrl, () => HttpResponse.json(makeListing({ quota }))),
  );
}

describe('StorageMeter', () => {
  it('shows used bytes of the cap', async () => {
    mockQuota(makeQuota({ capBytes: 10 * GiB, usedBytes: 2.5 * GiB }));

    renderSignedIn(<StorageMeter />);

    expect(await screen.findByText('2.5 GiB used of 10.0 GiB')).toBeVisible();
    const meter = screen.getByRole('meter', { name: 'Storage used' });
    expect(meter).toHaveAttribute('aria-valuenow', String(2.5 * GiB));
    expect(meter).toHaveAttribute('aria-valuemax', String(10 * GiB));
    expect(meter).toHaveAttribute('aria-valuetext', '2.5 GiB used of 10.0 GiB');
  });

  it('shows reserved bytes as in flight', async () => {
    mockQuota(
      makeQuota({
        capBytes: 100 * MiB,
        usedBytes: 20 * MiB,
        reservedBytes: 30 * MiB,
      }),
    );

    renderSignedIn(<StorageMeter />);

    expect(await screen.findByText('30.0 MiB in flight')).toBeVisible();
    const meter = screen.getByRole('meter', { name: 'Storage used' });
    expect(meter).toHaveAttribute(
      'aria-valuetext',
      '20.0 MiB used of 100.0 MiB, 30.0 MiB in flight',
    );
    const [used, inFlight] = [...meter.children] as HTMLElement[];
    expect(used?.style.width).toBe('20%');
    expect(inFlight?.style.width).toBe('30%');
  });

  it('shows no in-flight text when nothing is reserved', async () => {
    mockQuota(makeQuota({ usedBytes: 512 }));

    renderSignedIn(<StorageMeter />);

    expect(await screen.findByText('512 B used of 10.0 GiB')).toBeVisible();
    expect(screen.queryByText(/in flight/)).not.toBeInTheDocument();
  });

  it('shows the API error when the quota cannot load', async () => {
    server.use(
      http.get(sessionUrl, () =>
        HttpResponse.json(
          {
            error: {
              code: 'UNAUTHORIZED',
              message: 'The ID token has expired; sign in again.',
            },
          },
          { status: 401 },
        ),
      ),
    );

    renderSignedIn(<StorageMeter />);

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'The ID token has expired; sign in again.',
    );
  });
});
