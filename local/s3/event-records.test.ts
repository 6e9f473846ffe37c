import type { S3rverRecord } from 's3rver';
import { describe, expect, it } from 'vitest';

import { decodeEventKey } from '../../amplify/core/keys';
import {
  Sequencer,
  encodeEventKey,
  toS3EventRecord,
  type RecordContext,
} from './event-records';

describe('encodeEventKey', () => {
  it.each([
    ['photos/2024/IMG 0001.jpg', 'photos/2024/IMG+0001.jpg'],
    ['c++/x.txt', 'c%2B%2B/x.txt'],
    ['100%/y', '100%25/y'],
    ['a@b', 'a%40b'],
    ['{x}', '%7Bx%7D'],
    ["'quote'", '%27quote%27'],
    ['wow!(1)*', 'wow%21%281%29%2A'],
    ['présid ent.jpg', 'pr%C3%A9sid+ent.jpg'],
    ['a#b?c&d=e', 'a%23b%3Fc%26d%3De'],
    ['keeps-_.~', 'keeps-_.~'],
  ])('encodes %s as %s', (key, encoded) => {
    expect(encodeEventKey(key)).toBe(encoded);
  });

  it.each([
    'users/abc/Holiday 2024/IMG 0001.jpg',
    'users/abc/c++ notes/100% done #1.txt',
    'users/abc/日本語/写真 1.jpg',
    'users/abc/emoji 📷/a+b=c.png',
    `users/abc/${'long name '.repeat(90)}.jpg`,
  ])('round-trips %s through S3 decoding', (key) => {
    const encoded = encodeEventKey(key);

    expect(decodeURIComponent(encoded.replace(/\+/g, ' '))).toBe(key);
    expect(decodeEventKey(encoded)).toBe(key);
  });
});

describe('Sequencer', () => {
  it('grows within one millisecond', () => {
    const sequencer = new Sequencer(() => 1_700_000_000_000);

    const values = [sequencer.next(), sequencer.next(), sequencer.next()];

    expect([...values].sort()).toEqual(values);
    expect(new Set(values).size).toBe(3);
  });

  it('grows when the clock goes back', () => {
    let now = 1_700_000_000_000;
    const sequencer = new Sequencer(() => now);

    const first = sequencer.next();
    now -= 60_000;
    const second = sequencer.next();

    expect(second > first).toBe(true);
  });

  it('orders a restart after the last run', () => {
    const before = new Sequencer(() => 1_700_000_000_000);
    const after = new Sequencer(() => 1_700_000_000_001);

    const last = [before.next(), before.next()][1] as string;
    const next = after.next();

    expect(next > last).toBe(true);
  });

  it('issues fixed-width upper-case hex', () => {
    const sequencer = new Sequencer(() => 1_700_000_000_000);

    const value = sequencer.next();

    expect(value).toMatch(/^[0-9A-F]{18}$/);
  });
});

function s3rverRecord(
  eventName: string,
  object: S3rverRecord['s3']['object'],
): S3rverRecord {
  return {
    eventName,
    eventTime: '2026-01-02T03:04:05.678Z',
    userIdentity: { principalId: 'AWS:LOCAL' },
    requestParameters: { sourceIPAddress: '127.0.0.1' },
    responseElements: { 'x-amz-request-id': 'R', 'x-amz-id-2': 'H' },
    s3: {
      bucket: { name: 'shoebox-local', ownerIdentity: { principalId: 'O' } },
      object,
    },
  };
}

function recordContext(eTags: Record<string, string> = {}): RecordContext {
  return {
    region: 'us-east-1',
    configurationId: 'local-events',
    sequencer: new Sequencer(() => 1_700_000_000_000),
    readETag: async (_bucket, key) => {
      const eTag = eTags[key];
      if (!eTag) {
        throw new Error(`no object ${key}`);
      }

      return eTag;
    },
  };
}

describe('toS3EventRecord', () => {
  it('builds a POST record like S3', async () => {
    const source = s3rverRecord('ObjectCreated:Post', {
      key: 'users/u/IMG 1.jpg',
      size: 42,
      eTag: 'd41d8cd98f00b204e9800998ecf8427e',
    });

    const record = await toS3EventRecord(source, recordContext());

    expect(record).toEqual({
      eventVersion: '2.1',
      eventSource: 'aws:s3',
      awsRegion: 'us-east-1',
      eventTime: '2026-01-02T03:04:05.678Z',
      eventName: 'ObjectCreated:Post',
      userIdentity: { principalId: 'AWS:LOCAL' },
      requestParameters: { sourceIPAddress: '127.0.0.1' },
      responseElements: { 'x-amz-request-id': 'R', 'x-amz-id-2': 'H' },
      s3: {
        s3SchemaVersion: '1.0',
        configurationId: 'local-events',
        bucket: {
          name: 'shoebox-local',
          ownerIdentity: { principalId: 'O' },
          arn: 'arn:aws:s3:::shoebox-local',
        },
        object: {
          key: 'users/u/IMG+1.jpg',
          size: 42,
          eTag: 'd41d8cd98f00b204e9800998ecf8427e',
          sequencer: expect.stringMatching(/^[0-9A-F]{18}$/),
        },
      },
    });
  });

  it('reads the ETag of a copy', async () => {
    const source = s3rverRecord('ObjectCreated:Copy', {
      key: 'users/u/copy.jpg',
      size: 7,
    });
    const context = recordContext({ 'users/u/copy.jpg': 'abc123' });

    const record = await toS3EventRecord(source, context);

    expect(record.s3.object.eTag).toBe('abc123');
    expect(record.s3.object.size).toBe(7);
  });

  it('leaves size and ETag out of a removal', async () => {
    const source = s3rverRecord('ObjectRemoved:Delete', {
      key: 'users/u/gone.jpg',
    });

    const record = await toS3EventRecord(source, recordContext());

    expect(record.eventName).toBe('ObjectRemoved:Delete');
    expect(record.s3.object).not.toHaveProperty('size');
    expect(record.s3.object).not.toHaveProperty('eTag');
    expect(record.s3.object.sequencer).toMatch(/^[0-9A-F]{18}$/);
  });

  it('numbers records in arrival order', async () => {
    const context = recordContext({ 'users/u/a.jpg': 'e1' });
    const copy = s3rverRecord('ObjectCreated:Copy', {
      key: 'users/u/a.jpg',
      size: 1,
    });
    const removal = s3rverRecord('ObjectRemoved:Delete', {
      key: 'users/u/a.jpg',
    });

    // The copy waits for its ETag; the removal, emitted after it, does not.
    const [copied, removed] = await Promise.all([
      toS3EventRecord(copy, context),
      toS3EventRecord(removal, context),
    ]);

    expect(removed.s3.object.sequencer > copied.s3.object.sequencer).toBe(true);
  });
});
