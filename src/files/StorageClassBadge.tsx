import type { UploadStorageClass } from '../../amplify/core/api';
import { storageClassNames } from '../costs/storageClassNames';

/** Renders the plain name of a file's storage class. */
export function StorageClassBadge({
  storageClass = 'STANDARD',
}: {
  storageClass?: UploadStorageClass;
}) {
  return (
    <span
      title="Storage class"
      className="rounded bg-stone-100 px-1 text-xs leading-5 text-stone-700"
    >
      {storageClassNames[storageClass]}
    </span>
  );
}
