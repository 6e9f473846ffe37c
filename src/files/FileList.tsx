import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import type { StoredFile } from '../../amplify/core/api';
import { FileRow, FolderRow } from './FileRows';

/** Height of a row before it is measured, in pixels. */
const estimatedRowHeight = 64;

type Entry =
  { kind: 'folder'; folder: string } | { kind: 'file'; file: StoredFile };

/**
 * Renders folders and files as a virtual list, so a folder of 100,000
 * files keeps only the visible rows in the page. Reaching the end requests
 * the next page.
 */
export function FileList({
  folders,
  files,
  onReachEnd,
}: {
  folders: readonly string[];
  files: readonly StoredFile[];
  onReachEnd: () => void;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const entries: Entry[] = [
    ...folders.map((folder) => ({ kind: 'folder' as const, folder })),
    ...files.map((file) => ({ kind: 'file' as const, file })),
  ];
  // The app does not use React Compiler, and rows get plain values.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: entries.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => estimatedRowHeight,
    overscan: 8,
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.at(-1)?.index ?? -1;

  useEffect(() => {
    if (lastIndex >= entries.length - 1 && entries.length > 0) {
      onReachEnd();
    }
  }, [lastIndex, entries.length, onReachEnd]);

  return (
    <div ref={scroller} className="max-h-[70vh] overflow-auto">
      <div
        role="list"
        aria-label="Files"
        className="relative"
        style={{ height: virtualizer.getTotalSize() }}
      >
        {items.map((item) => {
          const entry = entries[item.index];
          if (!entry) {
            return null;
          }

          return (
            <div
              key={entry.kind === 'folder' ? entry.folder : entry.file.key}
              data-index={item.index}
              ref={virtualizer.measureElement}
              className="absolute left-0 w-full border-b border-stone-100"
              style={{ transform: `translateY(${item.start}px)` }}
            >
              {entry.kind === 'folder' ? (
                <FolderRow folder={entry.folder} />
              ) : (
                <FileRow file={entry.file} />
              )}
            </div>
          );
        })}
      </div>
    </div>
  );
}
