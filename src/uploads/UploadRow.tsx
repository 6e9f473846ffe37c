import { memo, useId } from 'react';
import { formatBytes } from '../../amplify/core/bytes';
import type { UploadItem, UploadStatus } from './uploadItem';

/** Fixed, so the list can place rows without measuring them. */
export const uploadRowHeightPx = 76;

const statusStyles: Record<UploadStatus, string> = {
  waiting: 'text-stone-500',
  uploading: 'text-amber-700',
  confirming: 'text-amber-700',
  stored: 'text-emerald-700',
  refused: 'text-red-700',
  failed: 'text-red-700',
  cancelled: 'text-stone-500',
};

const barStyles: Record<UploadStatus, string> = {
  waiting: 'bg-stone-300',
  uploading: 'bg-amber-500',
  confirming: 'bg-amber-500',
  stored: 'bg-emerald-600',
  refused: 'bg-red-600',
  failed: 'bg-red-600',
  cancelled: 'bg-stone-300',
};

const cancellable: ReadonlySet<UploadStatus> = new Set([
  'waiting',
  'uploading',
]);

/**
 * Renders one file of the upload queue at `offsetPx` in the virtual list.
 * The row and its progress bar are named by the file's path, and the
 * status word is its own element. Re-renders only when its item changes.
 */
export const UploadRow = memo(function UploadRow({
  item,
  position,
  setSize,
  offsetPx,
  onCancel,
}: {
  item: UploadItem;
  position: number;
  setSize: number;
  offsetPx: number;
  onCancel: (id: number) => void;
}) {
  const nameId = useId();
  const percent =
    item.status === 'stored' || item.status === 'confirming'
      ? 100
      : item.size > 0
        ? Math.floor((item.sentBytes / item.size) * 100)
        : 0;

  return (
    <li
      aria-labelledby={nameId}
      aria-posinset={position}
      aria-setsize={setSize}
      className="absolute inset-x-0 space-y-1 border-b border-stone-100 py-2"
      style={{
        height: uploadRowHeightPx,
        transform: `translateY(${offsetPx}px)`,
      }}
    >
      <div className="flex items-baseline justify-between gap-3">
        <span id={nameId} className="min-w-0 truncate font-medium">
          {item.path}
        </span>
        <span className="flex shrink-0 items-baseline gap-2 text-sm text-stone-600">
          {formatBytes(item.size)}
          {cancellable.has(item.status) && (
            <button
              type="button"
              onClick={() => onCancel(item.id)}
              aria-label={`Cancel ${item.path}`}
              className="rounded px-1 text-stone-700 underline hover:bg-stone-100"
            >
              Cancel
            </button>
          )}
        </span>
      </div>
      <div
        role="progressbar"
        aria-labelledby={nameId}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        className="h-1.5 overflow-hidden rounded-full bg-stone-200"
      >
        <div
          className={`h-full ${barStyles[item.status]}`}
          style={{ width: `${percent}%` }}
        />
      </div>
      <div className="flex gap-x-2 text-sm">
        <span className={`shrink-0 font-medium ${statusStyles[item.status]}`}>
          {item.status}
        </span>
        {item.status === 'uploading' && (
          <span className="shrink-0 text-stone-600">{percent}%</span>
        )}
        {item.message && (
          <span className="truncate text-stone-700" title={item.message}>
            {item.message}
          </span>
        )}
      </div>
    </li>
  );
});
