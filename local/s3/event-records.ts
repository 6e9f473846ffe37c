/**
 * Turns the events that s3rver emits into the records that S3 sends. s3rver
 * 3.7 reports eventVersion 2.0, the raw key, a millisecond-clock sequencer
 * that repeats within a millisecond, a malformed bucket ARN and no eTag on
 * copies. S3 sends eventVersion 2.1, a form-encoded key and a sequencer
 * that grows for each key.
 */

import type { S3EventRecord } from 'aws-lambda';
import type { S3rverRecord } from 's3rver';

/**
 * Encodes an object key as S3 does in event records: form encoding, so a
 * space becomes `+` and a `+` becomes `%2B`, with `/` kept as is
 * (`photos/IMG 1.jpg` becomes `photos/IMG+1.jpg`). Decoding with
 * `decodeURIComponent(key.replace(/\+/g, ' '))` gives the key back.
 */
export function encodeEventKey(key: string): string {
  return key
    .split('/')
    .map((segment) =>
      encodeURIComponent(segment)
        // encodeURIComponent keeps these five, form encoding does not.
        .replace(/[!'()*]/g, (character) => percentEncode(character))
        .replace(/%20/g, '+'),
    )
    .join('/');
}

function percentEncode(character: string): string {
  const hex = character.charCodeAt(0).toString(16).toUpperCase();

  return `%${hex.padStart(2, '0')}`;
}

/** Hex digits in a sequencer, as many as in S3's documented examples. */
const sequencerDigits = 18;

/**
 * Issues event sequencers: fixed-width upper-case hex strings that only
 * grow, so the sequencers of one key compare in the order of its changes.
 * Each value is the clock in milliseconds times 65536, or the previous
 * value plus one when that is larger, so the order also holds across
 * restarts unless the clock goes back or more than 65536 events occur in
 * one millisecond.
 */
export class Sequencer {
  private previous = 0n;

  constructor(private readonly clock: () => number = Date.now) {}

  next(): string {
    const fromClock = BigInt(this.clock()) << 16n;
    const value = fromClock > this.previous ? fromClock : this.previous + 1n;
    this.previous = value;

    return value.toString(16).toUpperCase().padStart(sequencerDigits, '0');
  }
}

export type RecordContext = {
  region: string;
  /** Notification configuration name, as S3 reports it. */
  configurationId: string;
  sequencer: Sequencer;
  /** Returns the unquoted ETag of a stored object. */
  readETag: (bucket: string, key: string) => Promise<string>;
};

/**
 * Builds the S3 event record for one s3rver event. Creates carry the size
 * and the unquoted ETag, and removals carry neither, as in S3.
 */
export async function toS3EventRecord(
  source: S3rverRecord,
  context: RecordContext,
): Promise<S3EventRecord> {
  const bucket = source.s3.bucket.name;
  const rawKey = source.s3.object.key;
  // NOTE: s3rver reports a completed multipart upload as ObjectCreated:Post,
  // where S3 sends ObjectCreated:CompleteMultipartUpload. Its event carries
  // nothing that tells the two apart.
  const isCreate = source.eventName.startsWith('ObjectCreated:');

  // Numbered before any await, while s3rver's events still arrive in the
  // order the changes happened.
  const object: Partial<S3EventRecord['s3']['object']> = {
    key: encodeEventKey(rawKey),
    sequencer: context.sequencer.next(),
  };
  if (isCreate) {
    object.size = source.s3.object.size;
    object.eTag =
      source.s3.object.eTag === undefined
        ? await context.readETag(bucket, rawKey)
        : unquote(source.s3.object.eTag);
  }

  const record = {
    eventVersion: '2.1',
    eventSource: 'aws:s3',
    awsRegion: context.region,
    eventTime: source.eventTime,
    eventName: source.eventName,
    userIdentity: source.userIdentity,
    requestParameters: source.requestParameters,
    responseElements: source.responseElements,
    s3: {
      s3SchemaVersion: '1.0',
      configurationId: context.configurationId,
      bucket: {
        name: bucket,
        ownerIdentity: source.s3.bucket.ownerIdentity,
        arn: `arn:aws:s3:::${bucket}`,
      },
      object,
    },
  };

  // @types/aws-lambda marks size and eTag as always present, but S3 leaves
  // both out of ObjectRemoved records.
  return record as S3EventRecord;
}

export function unquote(eTag: string): string {
  return eTag.replace(/^"|"$/g, '');
}
