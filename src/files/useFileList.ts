import { useInfiniteQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { StoredFile } from '../../amplify/core/api';
import { useSessionApi } from '../api/SessionApiContext';
import { useMember } from '../auth/MemberContext';
import { listQueryOptions } from './queries';

/**
 * Time between listings while a Deep Archive restore runs, so Download
 * appears once the copy is readable. S3 takes hours and the local stack
 * seconds, and one listing page a quarter minute costs little either way.
 */
const restoringRefetchMs = 15_000;

/** Lists the member's files and folders directly under `prefix`. */
export function useFileList(prefix: string): {
  files: StoredFile[];
  /** Folder names, each ending in `/`. */
  folders: string[];
  isPending: boolean;
  error: Error | null;
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  onLoadMore: () => void;
} {
  const api = useSessionApi();
  const { sub } = useMember();
  const query = useInfiniteQuery({
    ...listQueryOptions(api, sub, prefix),
    refetchInterval: (current) =>
      current.state.data?.pages.some((page) =>
        page.files.some((file) => file.archive?.state === 'RESTORING'),
      )
        ? restoringRefetchMs
        : false,
  });
  const pages = query.data?.pages;
  // New arrays only when the pages change, so sorting reruns only then.
  const entries = useMemo(
    () => ({
      files: (pages ?? []).flatMap((page) => page.files),
      folders: [...new Set((pages ?? []).flatMap((page) => page.folders))],
    }),
    [pages],
  );

  return {
    ...entries,
    isPending: query.isPending,
    error: query.error,
    hasNextPage: query.hasNextPage,
    isFetchingNextPage: query.isFetchingNextPage,
    onLoadMore: () => void query.fetchNextPage(),
  };
}
