import { useMemo, useSyncExternalStore } from 'react';
import type { QueueSnapshot } from './uploadItem';
import { useUploadQueueContext } from './UploadQueueContext';

export type UploadQueueActions = {
  onCancel: (id: number) => void;
  onCancelAll: () => void;
  onRetryFailed: () => void;
};

/** Subscribes to the member's upload queue and returns its actions. */
export function useUploadQueue(): QueueSnapshot &
  UploadQueueActions & { hasItems: boolean } {
  const { queue } = useUploadQueueContext();
  const snapshot = useSyncExternalStore(queue.subscribe, queue.getSnapshot);
  // Stable across renders, so memoised rows do not re-render for them.
  const actions = useMemo(
    (): UploadQueueActions => ({
      onCancel: (id) => queue.cancel(id),
      onCancelAll: () => queue.cancelAll(),
      onRetryFailed: () => queue.retryFailed(),
    }),
    [queue],
  );

  return { ...snapshot, ...actions, hasItems: snapshot.items.length > 0 };
}
