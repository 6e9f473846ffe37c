import { useId } from 'react';
import type { StoredFile, UploadState } from '../../amplify/core/api';
import { formatBytes } from '../../amplify/core/bytes';
import { baseName } from './paths';

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
export function FolderRow({
  folder,
  onOpen,
}: {
  folder: string;
  onOpen: () => void;
}) {
  const nameId = useId();

  return (
    <li aria-labelledby={nameId} className="py-1">
      <button
        id={nameId}
        type="button"
        onClick={onOpen}
        className="flex w-full items-center gap-2 rounded px-1 py-1 text-left font-medium hover:bg-stone-100"
      >
        <span aria-hidden="true">📁</span>
        {baseName(folder)}
      </button>
    </li>
  );
}

/** Renders a file row, named by the file, with size, state and date. */
export function FileRow({ file }: { file: StoredFile }) {
  const nameId = useId();

  return (
    <li aria-labelledby={nameId} className="px-1 py-2">
      <span id={nameId} className="block truncate font-medium">
        {baseName(file.path)}
      </span>
      <span className="flex flex-wrap gap-x-3 text-sm text-stone-600">
        <span>{formatBytes(file.size)}</span>
        <span>{stateLabels[file.state]}</span>
        <time dateTime={file.lastModified}>
          {dateFormat.format(new Date(file.lastModified))}
        </time>
      </span>
    </li>
  );
}
