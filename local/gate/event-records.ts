/**
 * S3 event notification records (eventVersion 2.1) for the changes that
 * pass through the gate, shaped as S3 sends them to a Lambda function.
 */

/** The event names the gate emits; S3 sends them without an `s3:` prefix. */
export type EventName =
  | 'ObjectCreated:Post'
  | 'ObjectCreated:Put'
  | 'ObjectCreated:Copy'
  | 'ObjectCreated:CompleteMultipartUpload'
  | 'ObjectRemoved:Delete';

/**
 * One record. Unlike `S3EventRecord` in @types/aws-lambda, `size` and
 * `eTag` are optional, because S3 leaves both out of ObjectRemoved records.
 */
export type S3EventRecord = {
  eventVersion: string;
  eventSource: 'aws:s3';
  awsRegion: string;
  /** ISO 8601 with milliseconds: when the change completed. */
  eventTime: string;
  eventName: EventName;
  userIdentity: { principalId: string };
  requestParameters: { sourceIPAddress: string };
  /** Equal to the headers of the HTTP response to the change. */
  responseElements: { 'x-amz-request-id': string; 'x-amz-id-2': string };
  s3: {
    s3SchemaVersion: '1.0';
    configurationId: string;
    bucket: {
      name: string;
      ownerIdentity: { principalId: string };
      arn: string;
    };
    object: {
      /** Form-encoded, see `encodeEventKey`. */
      key: string;
      size?: number;
      /** The MD5 ETag without quotes. */
      eTag?: string;
      sequencer: string;
    };
  };
};

/** The payload S3 delivers to a Lambda function, one record per invocation. */
export type S3EventPayload = { Records: S3EventRecord[] };

/** A stored or removed object, as the gate saw the change happen. */
export type ObjectChange = {
  eventName: EventName;
  bucket: string;
  /** The raw key. */
  key: string;
  /** Bytes stored; creates only. */
  size?: number;
  /** ETag with or without quotes; creates only. */
  eTag?: string;
  requestId: string;
  hostId: string;
  /** The access key id that signed the request, when one did. */
  accessKeyId: string | undefined;
  sourceIpAddress: string;
};

/** Name of the notification configuration, as S3 reports it. */
export const configurationId = 'shoebox-local-events';

/** Canonical id of the bucket owner; any fixed value serves locally. */
const bucketOwnerId = 'shoebox-local-owner';

/**
 * Encodes a key as S3 does in event records: form encoding, so a space
 * becomes `+` and a `+` becomes `%2B`, with `/` kept as is
 * (`photos/IMG 1.jpg` becomes `photos/IMG+1.jpg`). Decoding with
 * `decodeURIComponent(key.replace(/\+/g, ' '))` gives the key back.
 */
export function encodeEventKey(key: string): string {
  return key
    .split('/')
    .map((segment) =>
      encodeURIComponent(segment)
        // encodeURIComponent keeps these five; form encoding does not.
        .replace(/[!'()*]/g, percentEncode)
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
 * Issues sequencers: fixed-width upper-case hex strings that only grow, so
 * the sequencers of one key compare in the order of its changes. Each is
 * the clock in milliseconds times 65536, or the previous value plus one
 * when that is larger, so the order also holds across restarts unless the
 * clock goes back or more than 65536 changes happen in one millisecond.
 */
export class Sequencer {
  private previous = 0n;

  constructor(private readonly clock: () => number) {}

  next(): string {
    const fromClock = BigInt(this.clock()) << 16n;
    const value = fromClock > this.previous ? fromClock : this.previous + 1n;
    this.previous = value;

    return value.toString(16).toUpperCase().padStart(sequencerDigits, '0');
  }
}

/** Builds the record for one change, numbered with `sequencer`. */
export function buildEventRecord(
  change: ObjectChange,
  context: { region: string; time: number; sequencer: Sequencer },
): S3EventRecord {
  const object: S3EventRecord['s3']['object'] = {
    key: encodeEventKey(change.key),
    sequencer: context.sequencer.next(),
  };
  if (change.size !== undefined) {
    object.size = change.size;
  }
  if (change.eTag !== undefined) {
    object.eTag = change.eTag.replace(/^"|"$/g, '');
  }

  return {
    eventVersion: '2.1',
    eventSource: 'aws:s3',
    awsRegion: context.region,
    eventTime: new Date(context.time).toISOString(),
    eventName: change.eventName,
    userIdentity: {
      principalId: change.accessKeyId
        ? `AWS:${change.accessKeyId}`
        : 'Anonymous',
    },
    requestParameters: { sourceIPAddress: change.sourceIpAddress },
    responseElements: {
      'x-amz-request-id': change.requestId,
      'x-amz-id-2': change.hostId,
    },
    s3: {
      s3SchemaVersion: '1.0',
      configurationId,
      bucket: {
        name: change.bucket,
        ownerIdentity: { principalId: bucketOwnerId },
        arn: `arn:aws:s3:::${change.bucket}`,
      },
      object,
    },
  };
}
