import { defineFunction } from '@aws-amplify/backend';

/**
 * Expires unused upload policies and finishes pending usage changes. An
 * EventBridge rule in `backend.ts` runs it every `sweepIntervalSeconds`.
 */
export const sweep = defineFunction({
  name: 'sweep',
  entry: './handler.ts',
  runtime: 22,
  // One scan of the table plus a few writes per expired upload; a family's
  // table takes seconds, and a minute leaves room for a large backlog.
  timeoutSeconds: 60,
  environment: {
    POWERTOOLS_SERVICE_NAME: 'shoebox-sweep',
  },
});
