import { createContext, use, type ReactNode } from 'react';
import type { SessionApi } from './sessionApi';

const SessionApiContext = createContext<SessionApi | null>(null);

export function SessionApiProvider({
  api,
  children,
}: {
  api: SessionApi;
  children: ReactNode;
}) {
  return <SessionApiContext value={api}>{children}</SessionApiContext>;
}

/** Returns the session API client of the nearest SessionApiProvider. */
export function useSessionApi(): SessionApi {
  const api = use(SessionApiContext);
  if (!api) {
    throw new Error('useSessionApi must be called inside SessionApiProvider.');
  }

  return api;
}
