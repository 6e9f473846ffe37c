import type { StoredFile } from '../../amplify/core/api';
import { isReadable } from './fileKinds';
import { useLibraryActions } from './LibraryContext';
import { baseName } from './paths';

export const smallButton =
  'rounded border border-stone-300 bg-white px-2 py-0.5 text-sm hover:bg-stone-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-amber-500 disabled:opacity-50';

/**
 * Renders Download and Delete for a stored file, and Restore for a Deep
 * Archive file that has no readable copy, with the expected wait.
 */
export function FileActionButtons({ file }: { file: StoredFile }) {
  const {
    onDownload,
    onAskDelete,
    onRestoreArchive,
    deepArchiveRestoreHours: restoreHours,
  } = useLibraryActions();
  const name = baseName(file.path);
  const wait = restoreHours ? ` (about ${restoreHours} h)` : '';
  if (file.state !== 'COMPLETE') {
    return null;
  }

  return (
    <span className="flex flex-wrap gap-1">
      {file.archive?.state === 'ARCHIVED' && (
        <button
          type="button"
          aria-label={`Restore ${name}`}
          onClick={() => onRestoreArchive(file)}
          className={smallButton}
        >
          Restore{wait}
        </button>
      )}
      {isReadable(file) && (
        <button
          type="button"
          aria-label={`Download ${name}`}
          onClick={() => onDownload(file)}
          className={smallButton}
        >
          Download
        </button>
      )}
      <button
        type="button"
        aria-label={`Delete ${name}`}
        onClick={() => onAskDelete([file])}
        className={smallButton}
      >
        Delete
      </button>
    </span>
  );
}
