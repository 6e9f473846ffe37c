import type { StorageClassOption } from '../../amplify/core/api';
import { formatBytes } from '../../amplify/core/bytes';
import { formatUsdPerGb } from './formatUsd';
import { useUploadClass } from './UploadClassContext';
import { useCost } from './useCost';

/**
 * Lets the member choose the storage class of new uploads, each in plain
 * words with its price, minimum storage duration and minimum billable
 * size.
 */
export function StorageClassPicker() {
  const { cost, error } = useCost();
  const { storageClass, onChoose } = useUploadClass();
  if (error) {
    return (
      <p role="alert" className="text-sm text-red-700">
        Storage classes could not be loaded: {error.message}
      </p>
    );
  }
  if (!cost) {
    return null;
  }
  const chosen = storageClass ?? cost.defaultStorageClass;

  return (
    <fieldset className="space-y-1 rounded-lg bg-white p-3 text-sm shadow-sm">
      <legend className="font-medium">Store new uploads as</legend>
      <div className="grid gap-1 sm:grid-cols-2">
        {cost.storageClasses.map((option) => (
          <label
            key={option.storageClass}
            className="flex items-start gap-2 rounded p-1 hover:bg-stone-50"
          >
            <input
              type="radio"
              name="storage-class"
              value={option.storageClass}
              checked={chosen === option.storageClass}
              onChange={() => onChoose(option.storageClass)}
              className="mt-1"
            />
            <span>
              <span className="font-medium">{option.label}</span>:{' '}
              {option.description}
              <span className="block text-xs text-stone-600">
                {describeCharges(option)}
              </span>
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/** Describes the prices and minimums of a class in one sentence. */
export function describeCharges(option: StorageClassOption): string {
  const parts = [
    `${formatUsdPerGb(option.storageUsdPerGbMonth)} per GB a month`,
  ];
  if (option.retrievalUsdPerGb > 0) {
    parts.push(`${formatUsdPerGb(option.retrievalUsdPerGb)} per GB read back`);
  }
  parts.push(
    option.minimumStorageDays > 0
      ? `billed for at least ${option.minimumStorageDays} days`
      : 'no minimum duration',
  );
  parts.push(
    option.minimumBillableBytes > 0
      ? `files under ${formatBytes(option.minimumBillableBytes)} billed as ${formatBytes(option.minimumBillableBytes)}`
      : 'no minimum size',
  );
  if (option.restoreHours > 0) {
    parts.push(`about ${option.restoreHours} hours to restore before download`);
  }

  return `${parts.join(', ')}.`;
}
