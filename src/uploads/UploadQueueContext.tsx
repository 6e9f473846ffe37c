import { useQueryClient } from '@tanstack/react-query';
import { createContext, use, useEffect, useState, type ReactNode } from 'react';
import { useSessionApi } from '../api/SessionApiContext';
import type { SessionApi } from '../api/sessionApi';
import { useMember } from '../auth/MemberContext';
import type { AppSettings } from '../config/settings';
import { sessionKeys, withQuota } from '../files/queries';
import { UploadQueue, type UploadTransport } from './queue';
import { postObject } from './s3Post';

const UploadQueueContext = createContext<UploadQueue | null>(null);

/**
 * Creates the member's upload queue and keeps the cached listings and quota
 * in step with it: each batch's quota goes straight into the cache, and
 * stored files refetch every listing of the member.
 */
export function UploadQueueProvider({
  settings,
  children,
}: {
  settings: AppSettings;
  children: ReactNode;
}) {
  const api = useSessionApi();
  const { sub } = useMember();
  const queryClient = useQueryClient();
  const [queue] = useState(
    () =>
      new UploadQueue(toTransport(api), {
        concurrency: settings.uploadConcurrency,
        batchSize: settings.sessionBatchSize,
        confirmIntervalMs: settings.confirmIntervalMs,
        confirmTimeoutMs: settings.confirmTimeoutMs,
        onQuota: (quota) =>
          queryClient.setQueriesData(
            { queryKey: sessionKeys.member(sub) },
            (data: Parameters<typeof withQuota>[0]) => withQuota(data, quota),
          ),
        onStored: () =>
          void queryClient.invalidateQueries({
            queryKey: sessionKeys.member(sub),
          }),
      }),
  );

  useEffect(() => () => queue.stop(), [queue]);

  return <UploadQueueContext value={queue}>{children}</UploadQueueContext>;
}

/** Returns the upload queue of the nearest UploadQueueProvider. */
export function useUploadQueueInstance(): UploadQueue {
  const queue = use(UploadQueueContext);
  if (!queue) {
    throw new Error(
      'Upload queue hooks must be called inside UploadQueueProvider.',
    );
  }

  return queue;
}

function toTransport(api: SessionApi): UploadTransport {
  return {
    requestUploads: (files) => api.requestUploads(files),
    listFiles: (prefix, cursor) => api.listFiles(prefix, cursor),
    postObject,
  };
}
