import { useEffect, useId, useRef } from 'react';
import type { StoredFile } from '../../amplify/core/api';
import { formatBytes } from '../../amplify/core/bytes';
import { isDeepArchived } from './useFileActions';
import { baseName } from './paths';

/** Names listed in full before the rest are only counted. */
const listedNames = 5;

/**
 * Confirms a delete before files leave the library. Most go to the trash,
 * but Deep Archive files are deleted for good because S3 cannot copy them
 * there, and the dialog warns of that. Focus starts on Cancel, and Escape
 * cancels.
 */
export function DeleteDialog({
  files,
  isDeleting,
  onConfirm,
  onCancel,
}: {
  files: readonly StoredFile[];
  isDeleting: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const headingId = useId();
  const cancel = useRef<HTMLButtonElement>(null);
  const archived = files.filter(isDeepArchived);
  const totalBytes = files.reduce((sum, file) => sum + file.size, 0);
  const count = files.length === 1 ? '1 file' : `${files.length} files`;

  useEffect(() => cancel.current?.focus(), []);

  return (
    <div className="fixed inset-0 z-20 flex items-center justify-center bg-black/40 p-4">
      <section
        role="alertdialog"
        aria-modal="true"
        aria-labelledby={headingId}
        onKeyDown={(event) => {
          if (event.key === 'Escape') {
            onCancel();
          }
        }}
        className="w-full max-w-md space-y-3 rounded-lg bg-white p-4 shadow-lg"
      >
        <h2 id={headingId} className="font-semibold">
          Delete {count} ({formatBytes(totalBytes)})?
        </h2>
        <ul className="list-disc pl-5 text-sm">
          {files.slice(0, listedNames).map((file) => (
            <li key={file.path} className="truncate">
              {baseName(file.path)}
            </li>
          ))}
        </ul>
        {files.length > listedNames && (
          <p className="text-sm">and {files.length - listedNames} more.</p>
        )}
        <p className="text-sm text-stone-700">
          Files go to the trash, where you can restore them until it is emptied;
          they count toward your storage while there.
        </p>
        {archived.length > 0 && (
          <p className="text-sm text-red-800">
            {archived.length === 1
              ? '1 file is'
              : `${archived.length} files are`}{' '}
            in Deep archive, which cannot go to the trash: they are deleted for
            good.
          </p>
        )}
        <div className="flex flex-wrap gap-2">
          <button
            type="button"
            onClick={onConfirm}
            disabled={isDeleting}
            className="rounded bg-red-700 px-3 py-1 text-sm font-medium text-white hover:bg-red-800 disabled:opacity-50"
          >
            {isDeleting ? 'Deleting…' : `Delete ${count}`}
          </button>
          <button
            ref={cancel}
            type="button"
            onClick={onCancel}
            className="rounded border border-stone-300 px-3 py-1 text-sm hover:bg-stone-100"
          >
            Cancel
          </button>
        </div>
      </section>
    </div>
  );
}
