import { formatBytes } from '../../amplify/core/bytes';
import type { Quota } from '../../amplify/core/api';
import type { HeldBytes } from '../uploads/uploadItem';
import { useUploadQueue } from '../uploads/useUploadQueue';
import { useQuota } from './useQuota';

const timeFormat = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });

/**
 * Renders the member's storage meter, loaded from the session API, with the
 * bytes that cancelled uploads of this tab hold.
 */
export function StorageMeter() {
  const { quota, error } = useQuota();
  const { held } = useUploadQueue();
  if (error) {
    return (
      <p role="alert" className="text-sm text-red-700">
        Storage use could not be loaded: {error.message}
      </p>
    );
  }
  if (!quota) {
    return <p className="text-sm text-stone-600">Loading storage use…</p>;
  }

  return <StorageMeterView quota={quota} held={held} />;
}

/**
 * Renders stored bytes and bytes in flight (reserved by issued policies) as
 * two segments of one bar against the cap. `held` is the part of the bytes
 * in flight that cancelled uploads keep reserved until their policies
 * expire.
 */
export function StorageMeterView({
  quota,
  held,
}: {
  quota: Quota;
  held?: HeldBytes;
}) {
  const { capBytes, usedBytes, reservedBytes } = quota;
  const usedPercent = percentOf(usedBytes, capBytes);
  const reservedPercent = Math.min(
    percentOf(reservedBytes, capBytes),
    100 - usedPercent,
  );
  const summary = `${formatBytes(usedBytes)} used of ${formatBytes(capBytes)}`;
  const inFlight =
    reservedBytes > 0 ? `${formatBytes(reservedBytes)} in flight` : '';
  const heldText = held
    ? `${formatBytes(held.bytes)} held until ${timeFormat.format(new Date(held.freeAt))}`
    : '';
  const valueText = [summary, inFlight, heldText].filter(Boolean).join(', ');

  return (
    <div className="w-full space-y-1 sm:w-64">
      <p className="flex flex-wrap justify-between gap-x-2 text-sm">
        <span>{summary}</span>
        {inFlight && <span className="text-stone-600">{inFlight}</span>}
        {heldText && <span className="text-stone-600">{heldText}</span>}
      </p>
      <div
        role="meter"
        aria-label="Storage used"
        aria-valuemin={0}
        aria-valuemax={capBytes}
        aria-valuenow={Math.min(usedBytes, capBytes)}
        aria-valuetext={valueText}
        className="flex h-2 overflow-hidden rounded-full bg-stone-200"
      >
        <div className="bg-amber-600" style={{ width: `${usedPercent}%` }} />
        <div
          className="bg-amber-300"
          style={{ width: `${reservedPercent}%` }}
        />
      </div>
    </div>
  );
}

function percentOf(bytes: number, capBytes: number): number {
  if (capBytes <= 0) {
    return bytes > 0 ? 100 : 0;
  }

  return Math.min(100, (bytes / capBytes) * 100);
}
