import { infiniteQueryOptions, type InfiniteData } from '@tanstack/react-query';
import type { ListResponse, Quota } from '../../amplify/core/api';
import type { SessionApi } from '../api/sessionApi';

/** Query keys of the session API, all under the member's `sub`. */
export const sessionKeys = {
  member: (sub: string) => ['session', sub] as const,
  list: (sub: string, prefix: string) =>
    ['session', sub, 'list', prefix] as const,
};

/**
 * Options for listing one folder page by page. The meter reads its quota
 * from the root listing, so both share one cache entry.
 */
export function listQueryOptions(api: SessionApi, sub: string, prefix: string) {
  return infiniteQueryOptions({
    queryKey: sessionKeys.list(sub, prefix),
    queryFn: ({ pageParam }) => api.listFiles(prefix, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.cursor,
  });
}

/** Returns the listing with `quota` in every page, leaving `data` as it is. */
export function withQuota(
  data: InfiniteData<ListResponse, string | null> | undefined,
  quota: Quota,
): InfiniteData<ListResponse, string | null> | undefined {
  if (!data) {
    return undefined;
  }

  return { ...data, pages: data.pages.map((page) => ({ ...page, quota })) };
}
