/**
 * Delivers event records after the response to a change has been sent, as
 * S3 does, once or (as a test setting) twice each.
 */

import {
  buildEventRecord,
  Sequencer,
  type ObjectChange,
  type S3EventPayload,
} from './event-records';
import type { GateLogger } from './logger';

export type EventDeliveryOptions = {
  onEvent: (payload: S3EventPayload) => Promise<void>;
  duplicateEvents: boolean;
  region: string;
  clock: () => number;
  logger: GateLogger;
};

export class EventDelivery {
  private readonly sequencer: Sequencer;
  private readonly pending = new Set<Promise<void>>();

  constructor(private readonly options: EventDeliveryOptions) {
    this.sequencer = new Sequencer(options.clock);
  }

  /**
   * Numbers the change and schedules its delivery. Call it in the order the
   * changes completed, because that order sets the sequencers.
   */
  publish(change: ObjectChange): void {
    const record = buildEventRecord(change, {
      region: this.options.region,
      time: this.options.clock(),
      sequencer: this.sequencer,
    });
    const copies = this.options.duplicateEvents ? 2 : 1;
    for (let copy = 0; copy < copies; copy += 1) {
      // Each delivery gets its own copy, as two S3 deliveries would.
      const delivery = this.deliver(structuredClone({ Records: [record] }));
      this.pending.add(delivery);
      void delivery.finally(() => this.pending.delete(delivery));
    }
  }

  /** Resolves once every delivery scheduled so far has settled. */
  async flush(): Promise<void> {
    while (this.pending.size > 0) {
      await Promise.all(this.pending);
    }
  }

  private async deliver(payload: S3EventPayload): Promise<void> {
    // Deferred, so a handler's synchronous work never delays the response.
    await new Promise((resolve) => setImmediate(resolve));
    const [record] = payload.Records;
    try {
      await this.options.onEvent(payload);
    } catch (error) {
      this.options.logger.error('Event delivery failed; not retried', {
        eventName: record?.eventName,
        bucket: record?.s3.bucket.name,
        key: record?.s3.object.key,
        requestId: record?.responseElements['x-amz-request-id'],
        error,
      });
    }
  }
}
