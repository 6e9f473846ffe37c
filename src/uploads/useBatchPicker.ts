import { useCallback, useRef, useState } from 'react';
import { formatBytes } from '../../amplify/core/bytes';
import { useSessionApi } from '../api/SessionApiContext';
import {
  applyConflictChoice,
  fitToQuota,
  prepareFiles,
  type ChosenFiles,
  type ConflictChoice,
  type FitResult,
} from './batchPlan';
import { checkBatch, type BatchCheck } from './checkBatch';
import { useUploadQueueContext } from './UploadQueueContext';

/** A chosen batch that waits for the member's decision. */
export type PendingBatch = ChosenFiles &
  BatchCheck & {
    /** What fits with each conflict choice. */
    fitFor: Record<ConflictChoice, FitResult>;
  };

export type BatchPickerState =
  | { step: 'idle' }
  | { step: 'checking'; fileCount: number }
  /** The batch went to the queue; `summary` describes it against what is free. */
  | { step: 'started'; summary: string }
  | { step: 'deciding'; batch: PendingBatch }
  | { step: 'error'; message: string };

/**
 * Checks chosen files before any byte moves: places them under `folder`,
 * lists their folders for taken paths and the current quota, and then
 * either starts the batch, when it fits and takes no existing path, or
 * waits for the member to choose what to upload.
 */
export function useBatchPicker(folder: string): {
  state: BatchPickerState;
  onFilesChosen: (files: readonly File[]) => void;
  onConfirm: (choice: ConflictChoice) => void;
  onCancel: () => void;
} {
  const api = useSessionApi();
  const { queue, settings } = useUploadQueueContext();
  const [state, setState] = useState<BatchPickerState>({ step: 'idle' });
  // A newer choice of files replaces one still being checked.
  const latest = useRef(0);

  const start = useCallback(
    (batch: PendingBatch, choice: ConflictChoice) => {
      const fit = batch.fitFor[choice];
      queue.add(fit.fitting, [...batch.invalid, ...fit.tooLarge]);
      setState({ step: 'started', summary: summarise(batch, fit) });
    },
    [queue],
  );

  const onFilesChosen = useCallback(
    (files: readonly File[]) => {
      const attempt = ++latest.current;
      const chosen = prepareFiles(files, folder, settings.skipSystemFiles);
      if (chosen.files.length === 0 && chosen.invalid.length === 0) {
        setState({
          step: 'error',
          message:
            chosen.skippedSystemFiles > 0
              ? `Only system files were chosen (${chosen.skippedSystemFiles}), so there is nothing to upload.`
              : 'The chosen folders contain no files, so there is nothing to upload.',
        });
        return;
      }

      setState({ step: 'checking', fileCount: chosen.files.length });
      void checkBatch(
        (prefix, cursor) => api.listFiles(prefix, cursor),
        chosen.files.map(({ path }) => path),
      ).then(
        (check) => {
          if (attempt !== latest.current) {
            return;
          }
          const batch = toPendingBatch(chosen, check);
          const fit = batch.fitFor.keepBoth;
          if (fit.shortfallBytes === 0 && check.takenPaths.size === 0) {
            start(batch, 'keepBoth');
          } else {
            setState({ step: 'deciding', batch });
          }
        },
        (error: unknown) => {
          if (attempt !== latest.current) {
            return;
          }
          const message =
            error instanceof Error ? error.message : String(error);
          setState({
            step: 'error',
            message: `The files could not be checked against your storage: ${message}`,
          });
        },
      );
    },
    [api, folder, settings.skipSystemFiles, start],
  );

  const onConfirm = useCallback(
    (choice: ConflictChoice) => {
      if (state.step === 'deciding') {
        start(state.batch, choice);
      }
    },
    [start, state],
  );

  const onCancel = useCallback(() => {
    latest.current += 1;
    setState({ step: 'idle' });
  }, []);

  return { state, onFilesChosen, onConfirm, onCancel };
}

function toPendingBatch(chosen: ChosenFiles, check: BatchCheck): PendingBatch {
  const fitFor = {
    keepBoth: fitToQuota(
      applyConflictChoice(chosen.files, check.takenPaths, 'keepBoth'),
      check.quota,
    ),
    replace: fitToQuota(
      applyConflictChoice(chosen.files, check.takenPaths, 'replace'),
      check.quota,
    ),
    skip: fitToQuota(
      applyConflictChoice(chosen.files, check.takenPaths, 'skip'),
      check.quota,
    ),
  };

  return { ...chosen, ...check, fitFor };
}

function summarise(batch: PendingBatch, fit: FitResult): string {
  const count =
    fit.fitting.length === 1 ? '1 file' : `${fit.fitting.length} files`;
  const parts = [
    `Uploading ${count}, ${formatBytes(fit.fittingBytes)}, with ` +
      `${formatBytes(batch.quota.availableBytes)} free.`,
  ];
  if (batch.skippedSystemFiles > 0) {
    parts.push(
      `Left out ${batch.skippedSystemFiles} system files (.DS_Store, Thumbs.db, desktop.ini).`,
    );
  }

  return parts.join(' ');
}
