import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';
import { UploadRow, uploadRowHeightPx } from './UploadRow';
import { UploadSummary } from './UploadSummary';
import { useUploadQueue } from './useUploadQueue';

/** Rows rendered beyond the visible ones, so scrolling shows no gaps. */
const overscanRows = 8;

/**
 * Renders the files chosen in this tab, newest batch last, with the overall
 * progress above them. Only the rows in view are in the DOM, so a drop of
 * thousands of files renders as fast as a drop of twenty.
 */
export function UploadList() {
  const queue = useUploadQueue();
  const scrollElement = useRef<HTMLDivElement>(null);
  // The app does not use React Compiler, and rows get plain values.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: queue.items.length,
    getScrollElement: () => scrollElement.current,
    estimateSize: () => uploadRowHeightPx,
    overscan: overscanRows,
    getItemKey: (index) => queue.items[index]?.id ?? index,
  });
  if (!queue.hasItems) {
    return <UploadSummary queue={queue} />;
  }

  return (
    <section className="space-y-3 rounded-lg bg-white p-4 shadow-sm">
      <h2 className="font-semibold">Uploads</h2>
      <UploadSummary queue={queue} />
      <div ref={scrollElement} className="max-h-96 overflow-y-auto">
        <ul
          aria-label="Uploads"
          className="relative"
          style={{ height: virtualizer.getTotalSize() }}
        >
          {virtualizer.getVirtualItems().map((row) => {
            const item = queue.items[row.index];

            return (
              item && (
                <UploadRow
                  key={item.id}
                  item={item}
                  position={row.index + 1}
                  setSize={queue.items.length}
                  offsetPx={row.start}
                  onCancel={queue.onCancel}
                />
              )
            );
          })}
        </ul>
      </div>
    </section>
  );
}
