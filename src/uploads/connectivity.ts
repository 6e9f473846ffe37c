/** Whether the browser is online, and a way to hear when that changes. */
export type Connectivity = {
  isOnline(): boolean;
  /** Registers a listener and returns its removal. */
  subscribe(listener: () => void): () => void;
};

/**
 * Reads `navigator.onLine` and the window's `online` and `offline` events.
 * A browser reports offline when it has no network at all; an online
 * browser may still fail to reach a host, which the retries cover.
 */
export const browserConnectivity: Connectivity = {
  isOnline: () => navigator.onLine,
  subscribe(listener) {
    window.addEventListener('online', listener);
    window.addEventListener('offline', listener);

    return () => {
      window.removeEventListener('online', listener);
      window.removeEventListener('offline', listener);
    };
  },
};
