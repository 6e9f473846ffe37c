import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useId, useRef, useState } from 'react';
import type { TrashItem } from '../../amplify/core/api';
import { formatBytes } from '../../amplify/core/bytes';
import { smallButton } from '../files/FileActionButtons';
import { baseName } from '../files/paths';
import { StorageClassBadge } from '../files/StorageClassBadge';
import { failedRestores, useTrash, type TrashState } from './useTrash';

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const estimatedRowHeight = 64;

/**
 * Renders the trash: how long files stay, each file with its old path and
 * the day it leaves for good, Restore, and Empty trash with confirmation.
 */
export function TrashView() {
  const trash = useTrash();
  const [isConfirming, setIsConfirming] = useState(false);
  const totalBytes = trash.items.reduce((sum, item) => sum + item.size, 0);

  return (
    <section className="space-y-3 rounded-lg bg-white p-4 shadow-sm">
      <h2 className="font-semibold">Trash</h2>
      {trash.retentionDays !== undefined && (
        <p className="text-sm text-stone-700">
          Deleted files stay here for {trash.retentionDays} days and count
          toward your storage until they leave for good.
        </p>
      )}
      {trash.error && (
        <p role="alert" className="text-sm text-red-700">
          The trash could not be listed: {trash.error.message}
        </p>
      )}
      <TrashMessages trash={trash} />
      {trash.isPending && (
        <p className="text-sm text-stone-600">Loading the trash…</p>
      )}
      {!trash.isPending && !trash.error && trash.items.length === 0 && (
        <p className="text-sm text-stone-600">The trash is empty.</p>
      )}
      {trash.items.length > 0 && (
        <>
          <div className="flex flex-wrap items-center gap-2 text-sm">
            <span>
              {trash.items.length} {trash.items.length === 1 ? 'file' : 'files'}
              , {formatBytes(totalBytes)}
              {trash.hasNextPage ? ' loaded so far' : ''}
            </span>
            {isConfirming ? (
              <span role="group" aria-label="Confirm emptying the trash">
                <span className="mr-2 text-red-800">
                  Delete everything in the trash for good?
                </span>
                <button
                  type="button"
                  onClick={() => {
                    trash.onEmpty();
                    setIsConfirming(false);
                  }}
                  className="mr-1 rounded bg-red-700 px-2 py-0.5 text-white hover:bg-red-800"
                >
                  Delete for good
                </button>
                <button
                  type="button"
                  onClick={() => setIsConfirming(false)}
                  className={smallButton}
                >
                  Keep them
                </button>
              </span>
            ) : (
              <button
                type="button"
                disabled={trash.isEmptying}
                onClick={() => setIsConfirming(true)}
                className={smallButton}
              >
                {trash.isEmptying ? 'Emptying…' : 'Empty trash'}
              </button>
            )}
          </div>
          <TrashList trash={trash} />
        </>
      )}
      {trash.hasNextPage && (
        <button
          type="button"
          onClick={trash.onLoadMore}
          disabled={trash.isFetchingNextPage}
          className={smallButton}
        >
          {trash.isFetchingNextPage ? 'Loading…' : 'Load more'}
        </button>
      )}
    </section>
  );
}

function TrashMessages({ trash }: { trash: TrashState }) {
  const failed = trash.restoreResults
    ? failedRestores(trash.restoreResults)
    : [];
  const restored =
    trash.restoreResults?.filter((result) => result.outcome === 'RESTORED') ??
    [];

  return (
    <div role="status" className="space-y-1 text-sm">
      {restored.map(
        (result) =>
          result.outcome === 'RESTORED' && (
            <p key={result.trashId}>Restored to {result.path}.</p>
          ),
      )}
      {failed.map(({ trashId, message }) => (
        <p key={trashId} className="text-red-700">
          {message}
        </p>
      ))}
      {trash.restoreError && (
        <p className="text-red-700">
          The files could not be restored: {trash.restoreError.message}
        </p>
      )}
      {trash.emptyError && (
        <p className="text-red-700">
          The trash could not be emptied: {trash.emptyError.message}
        </p>
      )}
      {trash.removedCount !== undefined && (
        <p>
          Deleted {trash.removedCount} files for good. Your storage drops as the
          bucket reports each removal.
        </p>
      )}
    </div>
  );
}

function TrashList({ trash }: { trash: TrashState }) {
  const scroller = useRef<HTMLDivElement>(null);
  const { items, hasNextPage, isFetchingNextPage, onLoadMore } = trash;
  // The app does not use React Compiler, and rows get plain values.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => estimatedRowHeight,
    overscan: 8,
  });
  const rows = virtualizer.getVirtualItems();
  const lastIndex = rows.at(-1)?.index ?? -1;

  useEffect(() => {
    if (lastIndex >= items.length - 1 && hasNextPage && !isFetchingNextPage) {
      onLoadMore();
    }
  }, [lastIndex, items.length, hasNextPage, isFetchingNextPage, onLoadMore]);

  return (
    <div ref={scroller} className="max-h-[70vh] overflow-auto">
      <div
        role="list"
        aria-label="Trash"
        className="relative"
        style={{ height: virtualizer.getTotalSize() }}
      >
        {rows.map((row) => {
          const item = items[row.index];

          return (
            item && (
              <div
                key={item.trashId}
                data-index={row.index}
                ref={virtualizer.measureElement}
                className="absolute left-0 w-full border-b border-stone-100"
                style={{ transform: `translateY(${row.start}px)` }}
              >
                <TrashRow
                  item={item}
                  isRestoring={trash.isRestoring}
                  onRestore={() => trash.onRestore([item.trashId])}
                />
              </div>
            )
          );
        })}
      </div>
    </div>
  );
}

function TrashRow({
  item,
  isRestoring,
  onRestore,
}: {
  item: TrashItem;
  isRestoring: boolean;
  onRestore: () => void;
}) {
  const nameId = useId();
  const name = baseName(item.path);

  return (
    <div
      role="listitem"
      aria-labelledby={nameId}
      className="flex flex-wrap items-center gap-2 px-1 py-2"
    >
      <div className="min-w-0 flex-1">
        <span id={nameId} className="block truncate font-medium">
          {name}
        </span>
        <span className="flex flex-wrap gap-x-3 text-sm text-stone-600">
          <span className="truncate">{item.path}</span>
          <span>{formatBytes(item.size)}</span>
          <StorageClassBadge storageClass={item.storageClass} />
          <span>
            deleted{' '}
            <time dateTime={item.trashedAt}>
              {dateFormat.format(new Date(item.trashedAt))}
            </time>
            , leaves for good{' '}
            <time dateTime={item.expiresAt}>
              {dateFormat.format(new Date(item.expiresAt))}
            </time>
          </span>
        </span>
      </div>
      <button
        type="button"
        aria-label={`Restore ${name}`}
        disabled={isRestoring}
        onClick={onRestore}
        className={smallButton}
      >
        Restore
      </button>
    </div>
  );
}
