import { useQueryClient } from '@tanstack/react-query';
import { createContext, use, useEffect, useState, type ReactNode } from 'react';
import { useSessionApi } from '../api/SessionApiContext';
import type { SessionApi } from '../api/sessionApi';
import { useMember } from '../auth/MemberContext';
import type { AppSettings } from '../config/settings';
import { sessionKeys, withQuota } from '../files/queries';
import { sendThumbnail } from '../thumbnails/thumbnails';
import { UploadQueue } from './queue';
import type { UploadTransport } from './queueTypes';
import { postObject } from './s3Post';
import { useLeaveWarning } from './useLeaveWarning';

type UploadQueueContextValue = { queue: UploadQueue; settings: AppSettings };

const UploadQueueContext = createContext<UploadQueueContextValue | null>(null);

/**
 * Creates the member's upload queue and keeps the cached listings and quota
 * in step with it: each batch's quota goes straight into the cache, and
 * stored files and freed reservations refetch every listing of the member.
 * While files upload, leaving the page asks for confirmation.
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
  const [value] = useState((): UploadQueueContextValue => {
    const refetch = () =>
      void queryClient.invalidateQueries({
        queryKey: sessionKeys.member(sub),
      });
    const queue = new UploadQueue(toTransport(api), {
      concurrency: settings.uploadConcurrency,
      batchSize: settings.sessionBatchSize,
      confirmIntervalMs: settings.confirmIntervalMs,
      confirmTimeoutMs: settings.confirmTimeoutMs,
      maxAttempts: settings.uploadMaxAttempts,
      retryBaseMs: settings.retryBaseMs,
      onQuota: (quota) =>
        queryClient.setQueriesData(
          { queryKey: sessionKeys.member(sub) },
          (data: Parameters<typeof withQuota>[0]) => withQuota(data, quota),
        ),
      onStored: refetch,
      onHeldReleased: refetch,
    });

    return { queue, settings };
  });

  useEffect(() => {
    value.queue.start();

    return () => value.queue.stop();
  }, [value]);
  useLeaveWarning(value.queue);

  return <UploadQueueContext value={value}>{children}</UploadQueueContext>;
}

/** Returns the queue and settings of the nearest UploadQueueProvider. */
export function useUploadQueueContext(): UploadQueueContextValue {
  const value = use(UploadQueueContext);
  if (!value) {
    throw new Error(
      'Upload queue hooks must be called inside UploadQueueProvider.',
    );
  }

  return value;
}

function toTransport(api: SessionApi): UploadTransport {
  return {
    requestUploads: (files) => api.requestUploads(files),
    listFiles: (prefix, cursor) => api.listFiles(prefix, cursor),
    postObject,
    postThumbnail: (target, file, { signal }) =>
      sendThumbnail(target, file, { signal }),
  };
}
