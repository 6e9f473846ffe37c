import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { SessionApiProvider } from '../api/SessionApiContext';
import { createSessionApi } from '../api/sessionApi';
import { MemberProvider } from '../auth/MemberContext';
import type { AppSettings } from '../config/settings';
import { UploadQueueProvider } from '../uploads/UploadQueueContext';
import { idToken, memberSub } from './fixtures';

export const testSettings: AppSettings = {
  uploadConcurrency: 4,
  sessionBatchSize: 250,
  confirmIntervalMs: 20,
  confirmTimeoutMs: 2000,
  uploadMaxAttempts: 3,
  retryBaseMs: 10,
  skipSystemFiles: true,
};

export const testMember = { sub: memberSub, email: 'alice@example.com' };

/**
 * Renders `ui` with a fresh query cache and the real session API client,
 * which sends a fixed ID token to MSW: `token`, or one without claims.
 */
export function renderWithApi(ui: ReactNode, token: string = idToken) {
  const queryClient = new QueryClient({
    defaultOptions: { queries: { retry: false } },
  });
  const api = createSessionApi(async () => token);

  return render(
    <QueryClientProvider client={queryClient}>
      <SessionApiProvider api={api}>{ui}</SessionApiProvider>
    </QueryClientProvider>,
  );
}

/** Renders `ui` inside the test member's session and upload queue. */
export function renderSignedIn(
  ui: ReactNode,
  settings: AppSettings = testSettings,
) {
  return renderWithApi(
    <MemberProvider member={testMember}>
      <UploadQueueProvider settings={settings}>{ui}</UploadQueueProvider>
    </MemberProvider>,
  );
}
