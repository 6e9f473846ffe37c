import { createContext, use, useState, type ReactNode } from 'react';
import type { UploadStorageClass } from '../../amplify/core/api';
import { useSessionApi } from '../api/SessionApiContext';
import { SessionApiProvider } from '../api/SessionApiContext';
import type { SessionApi } from '../api/sessionApi';

type UploadClassValue = {
  /** Undefined until the member chooses; the API's default applies then. */
  storageClass: UploadStorageClass | undefined;
  onChoose: (storageClass: UploadStorageClass) => void;
};

const UploadClassContext = createContext<UploadClassValue | null>(null);

/**
 * Stores the storage class the member chose for new uploads, and gives the
 * components inside a session API whose `PUT /session` requests it.
 */
export function UploadClassProvider({ children }: { children: ReactNode }) {
  const api = useSessionApi();
  const [storageClass, setStorageClass] = useState<UploadStorageClass>();
  // The queue reads the class when it requests policies, outside render.
  const [{ choice, classApi }] = useState(() => {
    const latest = new LatestChoice();

    return { choice: latest, classApi: withStorageClass(api, latest.read) };
  });
  const onChoose = (next: UploadStorageClass) => {
    choice.write(next);
    setStorageClass(next);
  };

  return (
    <UploadClassContext value={{ storageClass, onChoose }}>
      <SessionApiProvider api={classApi}>{children}</SessionApiProvider>
    </UploadClassContext>
  );
}

/** The class chosen last, readable by requests outside React's render. */
class LatestChoice {
  #storageClass: UploadStorageClass | undefined;

  read = (): UploadStorageClass | undefined => this.#storageClass;

  write(storageClass: UploadStorageClass): void {
    this.#storageClass = storageClass;
  }
}

/** Returns the chosen class of the nearest UploadClassProvider. */
export function useUploadClass(): UploadClassValue {
  const value = use(UploadClassContext);
  if (!value) {
    throw new Error(
      'useUploadClass must be called inside UploadClassProvider.',
    );
  }

  return value;
}

/**
 * Returns `api` with `requestUploads` adding the class that `readClass`
 * returns to each file that names none.
 *
 * NOTE: the upload queue requests policies just in time, so files still
 * waiting for a policy when the member changes the class get the new one.
 */
export function withStorageClass(
  api: SessionApi,
  readClass: () => UploadStorageClass | undefined,
): SessionApi {
  return {
    ...api,
    requestUploads: (files) => {
      const storageClass = readClass();
      if (!storageClass) {
        return api.requestUploads(files);
      }

      return api.requestUploads(
        files.map((file) => ({ storageClass, ...file })),
      );
    },
  };
}
