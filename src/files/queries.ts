import { infiniteQueryOptions, type InfiniteData } from '@tanstack/react-query';
import type { ListResponse, Quota } from '../../amplify/core/api';
import type { SessionApi } from '../api/sessionApi';

/**
 * Query keys of the session API, all under the member's `sub`. Every query
 * under `member` is a paged listing whose pages carry the quota, because
 * the upload queue writes each new quota into all of them.
 */
export const sessionKeys = {
  member: (sub: string) => ['session', sub] as const,
  list: (sub: string, prefix: string) =>
    ['session', sub, 'list', prefix] as const,
  trash: (sub: string) => ['session', sub, 'trash'] as const,
};

/** Query keys of responses without a quota, also under the member's `sub`. */
export const memberKeys = {
  cost: (sub: string) => ['cost', sub] as const,
  admin: (sub: string) => ['admin', sub] as const,
  adminMembers: (sub: string) => ['admin', sub, 'members'] as const,
  adminSettings: (sub: string) => ['admin', sub, 'settings'] as const,
  adminCost: (sub: string) => ['admin', sub, 'cost'] as const,
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
