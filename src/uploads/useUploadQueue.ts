import { useCallback, useSyncExternalStore } from 'react';
import type { UploadItem } from './queue';
import { useUploadQueueInstance } from './UploadQueueContext';

/** Subscribes to the member's upload queue. */
export function useUploadQueue(): {
  items: readonly UploadItem[];
  hasItems: boolean;
  onAddFiles: (files: File[], folder: string) => void;
} {
  const queue = useUploadQueueInstance();
  const items = useSyncExternalStore(queue.subscribe, queue.getSnapshot);
  const onAddFiles = useCallback(
    (files: File[], folder: string) => void queue.add(files, folder),
    [queue],
  );

  return { items, hasItems: items.length > 0, onAddFiles };
}
