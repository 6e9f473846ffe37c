import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useId, useRef, useState } from 'react';
import type { StoredFile } from '../../amplify/core/api';
import { ArchiveStatus } from './ArchiveStatus';
import { FileActionButtons } from './FileActionButtons';
import { FolderRow } from './FileRows';
import { useLibraryActions } from './LibraryContext';
import { baseName } from './paths';
import { StorageClassBadge } from './StorageClassBadge';
import { Thumbnail } from './Thumbnail';

/** Smallest tile width, in pixels; two tiles fit on a 360-pixel phone. */
const minTileWidth = 150;
const estimatedRowHeight = 250;

/**
 * Renders folders as rows and files as tiles with thumbnails, in virtual
 * rows of as many tiles as the width allows.
 */
export function FileGrid({
  folders,
  files,
  onReachEnd,
}: {
  folders: readonly string[];
  files: readonly StoredFile[];
  onReachEnd: () => void;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const columns = useColumnCount(scroller);
  const rowCount = Math.ceil(files.length / columns);
  // The app does not use React Compiler, and rows get plain values.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rowCount,
    getScrollElement: () => scroller.current,
    estimateSize: () => estimatedRowHeight,
    overscan: 3,
  });
  const rows = virtualizer.getVirtualItems();
  const lastRow = rows.at(-1)?.index ?? -1;

  useEffect(() => {
    if (rowCount > 0 && lastRow >= rowCount - 1) {
      onReachEnd();
    }
  }, [lastRow, rowCount, onReachEnd]);

  return (
    <div ref={scroller} className="max-h-[70vh] overflow-auto">
      <div role="list" aria-label="Files">
        {folders.map((folder) => (
          <FolderRow key={folder} folder={folder} />
        ))}
        <div
          className="relative"
          style={{ height: virtualizer.getTotalSize() }}
        >
          {rows.map((row) => (
            <div
              key={row.key}
              data-index={row.index}
              ref={virtualizer.measureElement}
              className="absolute left-0 grid w-full gap-2 pb-2"
              style={{
                transform: `translateY(${row.start}px)`,
                gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))`,
              }}
            >
              {files
                .slice(row.index * columns, (row.index + 1) * columns)
                .map((file) => (
                  <FileTile key={file.key} file={file} />
                ))}
            </div>
          ))}
        </div>
      </div>
    </div>
  );
}

function FileTile({ file }: { file: StoredFile }) {
  const nameId = useId();
  const name = baseName(file.path);
  const { isSelected, onToggle, canPreview, onPreview } = useLibraryActions();
  const image = (
    <span className="flex aspect-square w-full items-center justify-center overflow-hidden rounded bg-stone-100">
      <Thumbnail file={file} />
    </span>
  );

  return (
    <div
      role="listitem"
      aria-labelledby={nameId}
      className="space-y-1 rounded border border-stone-200 p-1 text-sm"
    >
      {canPreview(file) ? (
        <button
          type="button"
          aria-label={`Preview ${name}`}
          onClick={() => onPreview(file)}
          className="block w-full"
        >
          {image}
        </button>
      ) : (
        image
      )}
      <label className="flex min-w-0 items-center gap-1">
        <input
          type="checkbox"
          aria-label={`Select ${name}`}
          checked={isSelected(file.path)}
          onChange={() => onToggle(file.path)}
        />
        <span id={nameId} className="truncate font-medium">
          {name}
        </span>
      </label>
      <span className="flex flex-wrap gap-1 text-xs text-stone-600">
        <StorageClassBadge storageClass={file.storageClass} />
        <ArchiveStatus archive={file.archive} />
      </span>
      <FileActionButtons file={file} />
    </div>
  );
}

/** Counts the tiles that fit the scroller's width, and follows resizes. */
function useColumnCount(scroller: React.RefObject<HTMLDivElement | null>) {
  const [columns, setColumns] = useState(2);

  useEffect(() => {
    const element = scroller.current;
    if (!element) {
      return;
    }
    const measure = () =>
      setColumns(Math.max(2, Math.floor(element.clientWidth / minTileWidth)));
    measure();
    if (typeof ResizeObserver === 'undefined') {
      return;
    }
    const observer = new ResizeObserver(measure);
    observer.observe(element);

    return () => observer.disconnect();
  }, [scroller]);

  return columns;
}
