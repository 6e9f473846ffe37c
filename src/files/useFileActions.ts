import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { StoredFile, TrashResult } from '../../amplify/core/api';
import { useSessionApi } from '../api/SessionApiContext';
import { useMember } from '../auth/MemberContext';
import { saveFromUrl } from './download';
import { memberKeys, sessionKeys } from './queries';

/** Outcome of the last delete, for the message under the list. */
export type DeleteOutcome = {
  trashedCount: number;
  deletedCount: number;
  failed: { path: string; message: string }[];
};

/**
 * Downloads, deletes and archive restores of the member's files. Deep
 * Archive files cannot be copied into the trash without a restore, so a
 * delete sends them with `permanent` and the others to the trash.
 */
export function useFileActions() {
  const api = useSessionApi();
  const { sub } = useMember();
  const queryClient = useQueryClient();
  const [actionError, setActionError] = useState<string | null>(null);
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: sessionKeys.member(sub) }),
      queryClient.invalidateQueries({ queryKey: memberKeys.cost(sub) }),
    ]);

  const download = useMutation({
    mutationFn: (file: StoredFile) =>
      api.requestDownload(file.path, 'attachment'),
    onSuccess: ({ url }) => saveFromUrl(url),
    onError: (error, file) =>
      setActionError(`${file.path} could not be downloaded: ${error.message}`),
  });

  const remove = useMutation({
    mutationFn: async (
      files: readonly StoredFile[],
    ): Promise<DeleteOutcome> => {
      const archived = files.filter(isDeepArchived).map(({ path }) => path);
      const others = files
        .filter((file) => !isDeepArchived(file))
        .map(({ path }) => path);
      const results: TrashResult[] = [];
      if (others.length > 0) {
        results.push(...(await api.trashFiles(others)).results);
      }
      if (archived.length > 0) {
        results.push(...(await api.trashFiles(archived, true)).results);
      }

      return summarise(results);
    },
    onSettled: refresh,
  });

  const restoreArchive = useMutation({
    mutationFn: (file: StoredFile) => api.restoreArchive(file.path),
    onSuccess: refresh,
    onError: (error, file) =>
      setActionError(`${file.path} could not be restored: ${error.message}`),
  });

  return {
    actionError,
    deleteOutcome: remove.data,
    deleteError: remove.error,
    isDeleting: remove.isPending,
    onDownload: (file: StoredFile) => {
      setActionError(null);
      download.mutate(file);
    },
    onDelete: (files: readonly StoredFile[]) => remove.mutateAsync(files),
    onRestoreArchive: (file: StoredFile) => {
      setActionError(null);
      restoreArchive.mutate(file);
    },
  };
}

/**
 * True for a Deep Archive file, which S3 cannot copy into the trash, even
 * while a restored copy is readable.
 */
export function isDeepArchived(file: StoredFile): boolean {
  return file.storageClass === 'DEEP_ARCHIVE';
}

function summarise(results: readonly TrashResult[]): DeleteOutcome {
  const outcome: DeleteOutcome = {
    trashedCount: 0,
    deletedCount: 0,
    failed: [],
  };
  for (const result of results) {
    if (result.outcome === 'TRASHED') {
      outcome.trashedCount += 1;
    } else if (result.outcome === 'DELETED') {
      outcome.deletedCount += 1;
    } else {
      outcome.failed.push({
        path: result.path,
        message: result.reason.message,
      });
    }
  }

  return outcome;
}
