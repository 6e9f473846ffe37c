import { useId } from 'react';
import { formatBytes } from '../../amplify/core/bytes';
import type { UploadItem, UploadStatus } from './queue';

const statusStyles: Record<UploadStatus, string> = {
  waiting: 'text-stone-500',
  uploading: 'text-amber-700',
  confirming: 'text-amber-700',
  stored: 'text-emerald-700',
  refused: 'text-red-700',
  failed: 'text-red-700',
};

const barStyles: Record<UploadStatus, string> = {
  waiting: 'bg-stone-300',
  uploading: 'bg-amber-500',
  confirming: 'bg-amber-500',
  stored: 'bg-emerald-600',
  refused: 'bg-red-600',
  failed: 'bg-red-600',
};

/**
 * Renders one file of the upload queue. The row and its progress bar are
 * named by the file's path, and the status word is its own element.
 */
export function UploadRow({ item }: { item: UploadItem }) {
  const nameId = useId();
  const percent = Math.round(item.progress * 100);

  return (
    <li aria-labelledby={nameId} className="space-y-1 py-2">
      <div className="flex items-baseline justify-between gap-3">
        <span id={nameId} className="min-w-0 truncate font-medium">
          {item.path}
        </span>
        <span className="shrink-0 text-sm text-stone-600">
          {formatBytes(item.size)}
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
          className={`h-full transition-[width] ${barStyles[item.status]}`}
          style={{ width: `${percent}%` }}
        />
      </div>
      <div className="flex flex-wrap gap-x-2 text-sm">
        <span className={`font-medium ${statusStyles[item.status]}`}>
          {item.status}
        </span>
        {item.status === 'uploading' && (
          <span className="text-stone-600">{percent}%</span>
        )}
        {item.message && <span className="text-stone-700">{item.message}</span>}
      </div>
    </li>
  );
}
