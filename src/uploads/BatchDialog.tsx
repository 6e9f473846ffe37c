import { useEffect, useId, useRef, useState } from 'react';
import { formatBytes } from '../../amplify/core/bytes';
import type { ConflictChoice } from './batchPlan';
import type { PendingBatch } from './useBatchPicker';

/** Reasons listed in full before the rest are only counted. */
const listedReasons = 5;

/**
 * Asks what to do with a batch that takes existing paths or does not fit:
 * keep both copies, replace or skip the taken paths, and upload what fits
 * or cancel. It names the shortfall in bytes. Focus moves to its heading,
 * and Escape cancels.
 */
export function BatchDialog({
  batch,
  onConfirm,
  onCancel,
}: {
  batch: PendingBatch;
  onConfirm: (choice: ConflictChoice) => void;
  onCancel: () => void;
}) {
  const headingId = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const [choice, setChoice] = useState<ConflictChoice>('keepBoth');
  const fit = batch.fitFor[choice];
  const conflictCount = batch.takenPaths.size;
  const refusedCount = batch.invalid.length + fit.tooLarge.length;

  useEffect(() => heading.current?.focus(), []);

  return (
    <section
      role="dialog"
      aria-labelledby={headingId}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          onCancel();
        }
      }}
      className="space-y-3 rounded-lg border border-amber-300 bg-amber-50 p-4"
    >
      <h2 id={headingId} ref={heading} tabIndex={-1} className="font-semibold">
        {countFiles(fit.fitting.length + fit.tooLarge.length)},{' '}
        {formatBytes(fit.totalBytes)}: {formatBytes(batch.quota.availableBytes)}{' '}
        free
      </h2>
      {batch.skippedSystemFiles > 0 && (
        <p className="text-sm">
          {countFiles(batch.skippedSystemFiles)} written by the operating system
          (.DS_Store, Thumbs.db, desktop.ini) left out.
        </p>
      )}
      {conflictCount > 0 && (
        <fieldset className="space-y-1 text-sm">
          <legend className="font-medium">
            {countFiles(conflictCount)} already in Shoebox at the same path
          </legend>
          <ChoiceOption
            label="Keep both: the new file gets a copy name such as “photo (2).jpg”"
            value="keepBoth"
            choice={choice}
            onChoose={setChoice}
          />
          <ChoiceOption
            label="Replace: overwrite the stored files (a file still uploading elsewhere gets a copy name)"
            value="replace"
            choice={choice}
            onChoose={setChoice}
          />
          <ChoiceOption
            label="Skip: leave the stored files and do not upload these"
            value="skip"
            choice={choice}
            onChoose={setChoice}
          />
        </fieldset>
      )}
      {fit.shortfallBytes > 0 && (
        <p className="text-sm text-red-800">
          This is {formatBytes(fit.shortfallBytes)} more than is free.{' '}
          {fit.fitting.length > 0
            ? `${countFiles(fit.fitting.length)} (${formatBytes(fit.fittingBytes)}) fit.`
            : 'None of the files fits.'}{' '}
          Delete files or ask an admin for a larger cap to upload the rest.
        </p>
      )}
      {refusedCount > 0 && (
        <RefusedList reasons={[...batch.invalid, ...fit.tooLarge]} />
      )}
      <div className="flex flex-wrap gap-2">
        <button
          type="button"
          onClick={() => onConfirm(choice)}
          className="rounded bg-amber-700 px-3 py-1 text-sm font-medium text-white hover:bg-amber-800"
        >
          {fit.shortfallBytes > 0
            ? `Upload what fits (${countFiles(fit.fitting.length)})`
            : `Upload ${countFiles(fit.fitting.length)}`}
        </button>
        <button
          type="button"
          onClick={onCancel}
          className="rounded border border-stone-300 bg-white px-3 py-1 text-sm hover:bg-stone-100"
        >
          Cancel
        </button>
      </div>
    </section>
  );
}

function ChoiceOption({
  label,
  value,
  choice,
  onChoose,
}: {
  label: string;
  value: ConflictChoice;
  choice: ConflictChoice;
  onChoose: (choice: ConflictChoice) => void;
}) {
  return (
    <label className="flex items-start gap-2">
      <input
        type="radio"
        name="conflict"
        value={value}
        checked={choice === value}
        onChange={() => onChoose(value)}
      />
      <span>{label}</span>
    </label>
  );
}

function RefusedList({
  reasons,
}: {
  reasons: readonly { path: string; message: string }[];
}) {
  const rest = reasons.length - listedReasons;

  return (
    <div className="text-sm">
      <p className="font-medium">
        {countFiles(reasons.length)} will be listed as refused:
      </p>
      <ul className="list-disc pl-5">
        {reasons.slice(0, listedReasons).map(({ path, message }) => (
          <li key={path}>{message}</li>
        ))}
      </ul>
      {rest > 0 && <p>and {rest} more.</p>}
    </div>
  );
}

function countFiles(count: number): string {
  return count === 1 ? '1 file' : `${count} files`;
}
