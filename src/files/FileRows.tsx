import { useId } from 'react';
import type { StoredFile, UploadState } from '../../amplify/core/api';
import { formatBytes } from '../../amplify/core/bytes';
import { ArchiveStatus } from './ArchiveStatus';
import { FileActionButtons } from './FileActionButtons';
import { FileIcon, iconKindOf } from './FileIcon';
import { useLibraryActions } from './LibraryContext';
import { baseName } from './paths';
import { StorageClassBadge } from './StorageClassBadge';

const stateLabels: Record<UploadState, string> = {
  INITIATED: 'uploading',
  COMPLETE: 'stored',
  EXPIRED: 'expired',
  REJECTED: 'refused',
};

const dateFormat = new Intl.DateTimeFormat(undefined, {
  dateStyle: 'medium',
  timeStyle: 'short',
});

/** Renders a folder row, named by the folder, whose button opens it. */
export function FolderRow({ folder }: { folder: string }) {
  const nameId = useId();
  const { onOpenFolder } = useLibraryActions();

  return (
    <div aria-labelledby={nameId} role="listitem" className="py-1">
      <button
        id={nameId}
        type="button"
        onClick={() => onOpenFolder(folder)}
        className="flex w-full items-center gap-2 rounded px-1 py-1 text-left font-medium hover:bg-stone-100"
      >
        <FileIcon kind="folder" />
        {baseName(folder)}
      </button>
    </div>
  );
}

/**
 * Renders a file row, named by the file, with a tick box, size, state,
 * date, storage class and the file's actions.
 */
export function FileRow({ file }: { file: StoredFile }) {
  const nameId = useId();
  const name = baseName(file.path);
  const { isSelected, onToggle, canPreview, onPreview } = useLibraryActions();

  return (
    <div
      role="listitem"
      aria-labelledby={nameId}
      className="flex flex-wrap items-start gap-2 px-1 py-2"
    >
      <input
        type="checkbox"
        aria-label={`Select ${name}`}
        checked={isSelected(file.path)}
        onChange={() => onToggle(file.path)}
        className="mt-1"
      />
      <FileIcon kind={iconKindOf(file)} />
      <div className="min-w-0 flex-1">
        {canPreview(file) ? (
          <button
            id={nameId}
            type="button"
            onClick={() => onPreview(file)}
            className="block max-w-full truncate text-left font-medium text-amber-900 hover:underline"
          >
            {name}
          </button>
        ) : (
          <span id={nameId} className="block truncate font-medium">
            {name}
          </span>
        )}
        <span className="flex flex-wrap gap-x-3 text-sm text-stone-600">
          <span>{formatBytes(file.size)}</span>
          <span>{stateLabels[file.state]}</span>
          <time dateTime={file.lastModified}>
            {dateFormat.format(new Date(file.lastModified))}
          </time>
          <StorageClassBadge storageClass={file.storageClass} />
          <ArchiveStatus archive={file.archive} />
        </span>
      </div>
      <FileActionButtons file={file} />
    </div>
  );
}
