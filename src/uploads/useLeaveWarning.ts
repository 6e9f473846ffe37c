import { useEffect } from 'react';
import type { UploadQueue } from './queue';

/**
 * Asks the browser to confirm closing or leaving the page while files wait
 * or upload. Browsers show their own wording and ignore any message.
 */
export function useLeaveWarning(queue: UploadQueue): void {
  useEffect(() => {
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      if (queue.getSnapshot().stats.activeFiles > 0) {
        event.preventDefault();
        // Chromium before 119 asks only when returnValue is set.
        event.returnValue = '';
      }
    };
    window.addEventListener('beforeunload', onBeforeUnload);

    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [queue]);
}
