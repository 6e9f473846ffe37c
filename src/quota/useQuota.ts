import { useInfiniteQuery } from '@tanstack/react-query';
import type { Quota } from '../../amplify/core/api';
import { useSessionApi } from '../api/SessionApiContext';
import { useMember } from '../auth/MemberContext';
import { listQueryOptions } from '../files/queries';

/** Reads the member's quota from the newest page of the root listing. */
export function useQuota(): {
  quota: Quota | undefined;
  isPending: boolean;
  error: Error | null;
} {
  const api = useSessionApi();
  const { sub } = useMember();
  const query = useInfiniteQuery({
    ...listQueryOptions(api, sub, ''),
    select: (data) => data.pages.at(-1)?.quota,
  });

  return {
    quota: query.data,
    isPending: query.isPending,
    error: query.error,
  };
}
