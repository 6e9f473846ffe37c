import { formatBytes } from '../../amplify/core/bytes';
import type { QueueSnapshot } from './uploadItem';
import type { UploadQueueActions } from './useUploadQueue';

const timeFormat = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });

/**
 * Renders the overall progress (bytes, files, speed and time left), the
 * queue's actions, the offline notice, and a polite live region that
 * announces each finished batch.
 */
export function UploadSummary({
  queue,
}: {
  queue: QueueSnapshot & UploadQueueActions & { hasItems: boolean };
}) {
  const { stats, held } = queue;
  const liveRegion = (
    <p role="status" aria-live="polite" className="sr-only">
      {queue.announcement}
    </p>
  );
  if (!queue.hasItems) {
    return liveRegion;
  }

  const percent =
    stats.totalBytes > 0
      ? Math.floor((stats.sentBytes / stats.totalBytes) * 100)
      : 100;
  const details = [
    `${formatBytes(stats.sentBytes)} of ${formatBytes(stats.totalBytes)}`,
    `${stats.storedFiles} of ${stats.totalFiles} files stored`,
  ];
  if (stats.bytesPerSecond !== undefined && stats.activeFiles > 0) {
    details.push(`${formatBytes(stats.bytesPerSecond)}/s`);
  }
  if (stats.secondsLeft !== undefined) {
    details.push(`${formatDuration(stats.secondsLeft)} left`);
  }
  const problems = [
    stats.refusedFiles > 0 && `${stats.refusedFiles} refused`,
    stats.failedFiles > 0 && `${stats.failedFiles} failed`,
    stats.cancelledFiles > 0 && `${stats.cancelledFiles} cancelled`,
  ].filter(Boolean);

  return (
    <div className="space-y-2">
      {liveRegion}
      {!queue.isOnline && (
        <p role="alert" className="text-sm font-medium text-amber-800">
          The browser is offline. Uploads are paused and go on by themselves
          when the connection is back.
        </p>
      )}
      <div
        role="progressbar"
        aria-label="All uploads"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={`${percent}%, ${details.join(', ')}`}
        className="h-2 overflow-hidden rounded-full bg-stone-200"
      >
        <div className="h-full bg-amber-600" style={{ width: `${percent}%` }} />
      </div>
      <p className="flex flex-wrap gap-x-3 text-sm text-stone-700">
        {details.map((detail) => (
          <span key={detail}>{detail}</span>
        ))}
        {problems.length > 0 && (
          <span className="text-red-700">{problems.join(', ')}</span>
        )}
      </p>
      {held && (
        <p className="text-sm text-stone-700">
          {formatBytes(held.bytes)} of cancelled uploads stay held until{' '}
          {timeFormat.format(new Date(held.freeAt))}, when their upload policies
          expire.
        </p>
      )}
      <div className="flex flex-wrap gap-2">
        {stats.activeFiles > 0 && (
          <button
            type="button"
            onClick={queue.onCancelAll}
            className="rounded border border-stone-300 px-3 py-1 text-sm hover:bg-stone-100"
          >
            Cancel all
          </button>
        )}
        {stats.failedFiles > 0 && (
          <button
            type="button"
            onClick={queue.onRetryFailed}
            className="rounded border border-stone-300 px-3 py-1 text-sm hover:bg-stone-100"
          >
            Retry failed ({stats.failedFiles})
          </button>
        )}
      </div>
    </div>
  );
}

/** Formats seconds as `45 s`, `3 min` or `1 h 20 min`, for estimates. */
function formatDuration(seconds: number): string {
  if (seconds < 60) {
    return `${Math.max(1, Math.round(seconds))} s`;
  }
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) {
    return `${minutes} min`;
  }

  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
