import {
  useInfiniteQuery,
  useMutation,
  useQueryClient,
} from '@tanstack/react-query';
import { useMemo } from 'react';
import type {
  EmptyTrashResponse,
  TrashRestoreResult,
} from '../../amplify/core/api';
import { useSessionApi } from '../api/SessionApiContext';
import { useMember } from '../auth/MemberContext';
import { memberKeys, sessionKeys } from '../files/queries';

/**
 * `DELETE /session/trash` removes at most one page of files per request
 * and returns `hasMore` while files remain. This caps the requests of one click, so a
 * server that keeps answering `hasMore` cannot loop the app forever.
 */
const maxEmptyRequests = 1000;

/**
 * Lists the member's trash page by page, restores files from it and
 * empties it. Both changes refetch the listings, the trash and the cost.
 */
export function useTrash() {
  const api = useSessionApi();
  const { sub } = useMember();
  const queryClient = useQueryClient();
  const query = useInfiniteQuery({
    queryKey: sessionKeys.trash(sub),
    queryFn: ({ pageParam }) => api.listTrash(pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.cursor,
  });
  const pages = query.data?.pages;
  const items = useMemo(
    () => (pages ?? []).flatMap((page) => page.items),
    [pages],
  );
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: sessionKeys.member(sub) }),
      queryClient.invalidateQueries({ queryKey: memberKeys.cost(sub) }),
    ]);

  const restore = useMutation({
    mutationFn: async (trashIds: string[]) =>
      (await api.restoreFromTrash(trashIds)).results,
    onSettled: refresh,
  });

  const empty = useMutation({
    mutationFn: async (): Promise<number> => {
      let removed = 0;
      let response: EmptyTrashResponse;
      let requests = 0;
      do {
        response = await api.emptyTrash();
        removed += response.removedCount;
        requests += 1;
      } while (response.hasMore && requests < maxEmptyRequests);

      return removed;
    },
    onSettled: refresh,
  });

  return {
    items,
    retentionDays: pages?.[0]?.retentionDays,
    isPending: query.isPending,
    error: query.error,
    hasNextPage: query.hasNextPage,
    isFetchingNextPage: query.isFetchingNextPage,
    onLoadMore: () => void query.fetchNextPage(),
    restoreResults: restore.data,
    restoreError: restore.error,
    isRestoring: restore.isPending,
    onRestore: (trashIds: string[]) => restore.mutate(trashIds),
    removedCount: empty.data,
    emptyError: empty.error,
    isEmptying: empty.isPending,
    onEmpty: () => empty.mutate(),
  };
}

export type TrashState = ReturnType<typeof useTrash>;

/** Restore results that failed, with their messages. */
export function failedRestores(results: readonly TrashRestoreResult[]) {
  return results.flatMap((result) =>
    result.outcome === 'FAILED'
      ? [{ trashId: result.trashId, message: result.reason.message }]
      : [],
  );
}
