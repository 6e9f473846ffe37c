import { randomUUID } from 'node:crypto';

import { HeadObjectCommand } from '@aws-sdk/client-s3';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { Logger } from '@aws-lambda-powertools/logger';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import type {
  ErrorResponse,
  FileRequest,
  InitiatedUpload,
  ListResponse,
  SessionResponse,
  Upload,
} from '../../core/api';
import { getMember, putMember } from '../../services/members';
import { getFile } from '../../services/uploads';
import { createApiEvent } from '../../test/events';
import { startTestStack, type TestStack } from '../../test/servers';
import { createSessionHandler, type SessionHandler } from './handler';

const defaultCapBytes = 10_000;
const appOrigin = 'http://localhost:5173';

let stack: TestStack;
let handle: SessionHandler;

beforeAll(async () => {
  stack = await startTestStack({
    SHOEBOX_DEFAULT_CAP_BYTES: String(defaultCapBytes),
    SHOEBOX_MAX_FILES_PER_REQUEST: '5',
    SHOEBOX_LIST_PAGE_SIZE: '2',
  });
  handle = createSessionHandler(stack.dependencies);
});

afterAll(async () => {
  await stack?.close();
});

type Claims = { sub: string; email?: string };

function newMember(): Claims {
  return { sub: randomUUID(), email: 'alice@example.com' };
}

function file(path: string, size: number, contentType = 'image/jpeg') {
  return { path, size, contentType };
}

async function putSession(
  claims: Claims,
  files: FileRequest[],
): Promise<SessionResponse> {
  const result = await handle(
    createApiEvent({
      method: 'PUT',
      claims,
      body: JSON.stringify({ files }),
    }),
  );
  expect(result.statusCode, result.body).toBe(200);

  return JSON.parse(result.body) as SessionResponse;
}

async function getSession(
  claims: Claims,
  query: Record<string, string> = {},
): Promise<ListResponse> {
  const result = await handle(createApiEvent({ method: 'GET', claims, query }));
  expect(result.statusCode, result.body).toBe(200);

  return JSON.parse(result.body) as ListResponse;
}

function initiated(upload: Upload | undefined): InitiatedUpload {
  if (upload?.state !== 'INITIATED') {
    throw new Error(
      `Expected an INITIATED upload, got ${JSON.stringify(upload)}`,
    );
  }

  return upload;
}

function readError(result: APIGatewayProxyResult): ErrorResponse['error'] {
  return (JSON.parse(result.body) as ErrorResponse).error;
}

function readPolicy(upload: InitiatedUpload): {
  expiration: string;
  conditions: unknown[];
} {
  const json = Buffer.from(upload.fields.Policy ?? '', 'base64').toString();

  return JSON.parse(json) as { expiration: string; conditions: unknown[] };
}

describe('PUT /session', () => {
  it('grants files that fit and reserves their exact bytes', async () => {
    const member = newMember();

    const response = await putSession(member, [
      file('Holiday 2024/IMG 0001.jpg', 1200),
      file('Holiday 2024/IMG 0002.jpg', 800),
    ]);

    expect(response.uploads.map((upload) => upload.state)).toEqual([
      'INITIATED',
      'INITIATED',
    ]);
    expect(response.quota).toEqual({
      capBytes: defaultCapBytes,
      usedBytes: 0,
      reservedBytes: 2000,
      availableBytes: defaultCapBytes - 2000,
    });
    const stored = await getMember(
      stack.dynamo,
      stack.settings.tableName,
      member.sub,
    );
    expect(stored.reservedBytes).toBe(2000);
    expect(stored.committedBytes).toBe(2000);
    expect(stored.email).toBe('alice@example.com');
  });

  it('returns a policy for the exact key, size and type', async () => {
    const member = newMember();

    const response = await putSession(member, [
      file('Holiday 2024/IMG 0001.jpg', 1234),
    ]);

    const upload = initiated(response.uploads[0]);
    expect(upload.path).toBe('Holiday 2024/IMG 0001.jpg');
    expect(upload.key).toBe(`users/${member.sub}/Holiday 2024/IMG 0001.jpg`);
    expect(upload.uploadId).toMatch(/^[0-9a-f-]{36}$/);
    expect(upload.fields.key).toBe(upload.key);
    expect(upload.fields['Content-Type']).toBe('image/jpeg');
    const policy = readPolicy(upload);
    expect(policy.conditions).toContainEqual([
      'content-length-range',
      1234,
      1234,
    ]);
    expect(policy.conditions).toContainEqual({ key: upload.key });
    expect(policy.conditions).toContainEqual({ 'Content-Type': 'image/jpeg' });
    expect(policy.conditions).toContainEqual({
      'x-amz-storage-class': 'STANDARD',
    });
    expect(policy.expiration).toBe(upload.expiresAt);
    const lifetimeMs = Date.parse(upload.expiresAt) - Date.now();
    expect(lifetimeMs).toBeGreaterThan(590_000);
    expect(lifetimeMs).toBeLessThanOrEqual(600_000);
  });

  it('records each granted upload as INITIATED', async () => {
    const member = newMember();

    const response = await putSession(member, [
      file('a b+c#d%e.txt', 5, 'text/plain'),
    ]);

    const upload = initiated(response.uploads[0]);
    const record = await getFile(
      stack.dynamo,
      stack.settings.tableName,
      member.sub,
      'a b+c#d%e.txt',
    );
    expect(record).toMatchObject({
      state: 'INITIATED',
      uploadId: upload.uploadId,
      key: upload.key,
      size: 5,
      contentType: 'text/plain',
      expiresAt: upload.expiresAt,
    });
  });

  it('lets a browser POST the file to S3 with the policy', async () => {
    const member = newMember();
    const bytes = new Uint8Array(3000).fill(7);
    const response = await putSession(member, [
      file('IMG 0001.jpg', bytes.length),
    ]);
    const upload = initiated(response.uploads[0]);

    const form = new FormData();
    for (const [name, value] of Object.entries(upload.fields)) {
      form.append(name, value);
    }
    form.append(
      'file',
      new Blob([bytes], { type: 'image/jpeg' }),
      'IMG 0001.jpg',
    );
    const posted = await fetch(upload.url, { method: 'POST', body: form });

    expect(posted.status).toBe(204);
    const head = await stack.s3.send(
      new HeadObjectCommand({
        Bucket: stack.settings.bucketName,
        Key: upload.key,
      }),
    );
    expect(head.ContentLength).toBe(bytes.length);
    expect(head.ContentType).toBe('image/jpeg');
  });

  it('rejects a file over the cap and still grants smaller ones', async () => {
    const member = newMember();

    const response = await putSession(member, [
      file('first.jpg', 6000),
      file('video.mov', 5000, 'video/quicktime'),
      file('small.jpg', 3000),
    ]);

    expect(response.uploads.map((upload) => upload.state)).toEqual([
      'INITIATED',
      'REJECTED',
      'INITIATED',
    ]);
    expect(response.uploads[1]).toEqual({
      path: 'video.mov',
      state: 'REJECTED',
      reason: {
        code: 'QUOTA_EXCEEDED',
        message:
          '"video.mov" needs 4.9 KiB, but 3.9 KiB is left of your 9.8 KiB; ' +
          'delete files or ask an admin for a larger cap.',
      },
    });
    expect(response.quota.reservedBytes).toBe(9000);
  });

  it('reserves nothing when every file is rejected', async () => {
    const member = newMember();

    const response = await putSession(member, [file('huge.mov', 20_000)]);

    expect(response.uploads[0]?.state).toBe('REJECTED');
    expect(response.quota.reservedBytes).toBe(0);
    const stored = await getMember(
      stack.dynamo,
      stack.settings.tableName,
      member.sub,
    );
    expect(stored.reservedBytes).toBe(0);
  });

  it('uses the member’s own cap over the default', async () => {
    const member = newMember();
    await putMember(stack.dynamo, stack.settings.tableName, {
      sub: member.sub,
      email: 'bob@example.com',
      capBytes: 100,
    });

    const response = await putSession(member, [file('a.jpg', 101)]);

    expect(response.uploads[0]?.state).toBe('REJECTED');
    expect(response.quota.capBytes).toBe(100);
  });

  it('keeps both files when the path is taken', async () => {
    const member = newMember();
    await putSession(member, [file('Trip/photo.jpg', 10)]);

    const second = await putSession(member, [file('Trip/photo.jpg', 20)]);
    const third = await putSession(member, [file('Trip/photo.jpg', 30)]);

    expect(initiated(second.uploads[0]).path).toBe('Trip/photo (2).jpg');
    expect(initiated(second.uploads[0]).key).toBe(
      `users/${member.sub}/Trip/photo (2).jpg`,
    );
    expect(initiated(third.uploads[0]).path).toBe('Trip/photo (3).jpg');
  });

  it('numbers past copy names in the same batch', async () => {
    const member = newMember();
    await putSession(member, [file('a.jpg', 1)]);

    const response = await putSession(member, [
      file('a.jpg', 2),
      file('a (2).jpg', 3),
    ]);

    expect(response.uploads.map((upload) => upload.path)).toEqual([
      'a (3).jpg',
      'a (2).jpg',
    ]);
  });

  it('stores an NFD name under its NFC path', async () => {
    const member = newMember();

    const response = await putSession(member, [file('pre\u0301sident.jpg', 4)]);

    expect(initiated(response.uploads[0]).path).toBe('pr\u00e9sident.jpg');
  });

  it('signs the storage class a file asks for', async () => {
    const member = newMember();

    const response = await putSession(member, [
      {
        ...file('archive.zip', 10, 'application/zip'),
        storageClass: 'GLACIER_IR',
      },
      file('photo.jpg', 10),
    ]);

    const archive = initiated(response.uploads[0]);
    const photo = initiated(response.uploads[1]);
    expect(archive.fields['x-amz-storage-class']).toBe('GLACIER_IR');
    expect(photo.fields['x-amz-storage-class']).toBe('STANDARD');
  });

  it('ignores unknown fields', async () => {
    const member = newMember();
    const body = JSON.stringify({
      files: [{ ...file('a.jpg', 1), lastModified: 1, extra: true }],
      client: 'test',
    });

    const result = await handle(
      createApiEvent({ method: 'PUT', claims: member, body }),
    );

    expect(result.statusCode).toBe(200);
  });

  it('accepts a base64 body', async () => {
    const member = newMember();
    const event = createApiEvent({
      method: 'PUT',
      claims: member,
      body: Buffer.from(JSON.stringify({ files: [file('a.jpg', 1)] })).toString(
        'base64',
      ),
    });
    event.isBase64Encoded = true;

    const result = await handle(event);

    expect(result.statusCode).toBe(200);
  });
});

describe('PUT /session input errors', () => {
  const longPath = 'x'.repeat(1020);

  it.each<[string, string | null, string, string]>([
    [
      'a non-JSON body',
      'files=a.jpg',
      'INVALID_JSON',
      '"files=a.jpg" is not valid JSON',
    ],
    ['an empty body', null, 'INVALID_JSON', 'The request body is empty'],
    ['an array body', '[]', 'INVALID_BODY', 'is an array, not an object'],
    ['missing files', '{}', 'INVALID_FILES', 'files is missing'],
    [
      'files not an array',
      '{"files":"a.jpg"}',
      'INVALID_FILES',
      'files is string "a.jpg", not an array',
    ],
    ['empty files', '{"files":[]}', 'INVALID_FILES', 'files is empty'],
    [
      'more files than the limit',
      JSON.stringify({
        files: Array.from({ length: 6 }, (_, i) => file(`${i}.jpg`, 1)),
      }),
      'TOO_MANY_FILES',
      'files has 6 entries, but one request accepts at most 5',
    ],
    [
      'a file that is not an object',
      '{"files":[7]}',
      'INVALID_FILE',
      'files[0] is number 7, not an object',
    ],
    [
      'a negative size',
      JSON.stringify({ files: [file('a.jpg', -1)] }),
      'INVALID_SIZE',
      'files[0].size is -1',
    ],
    [
      'a fractional size',
      JSON.stringify({ files: [file('a.jpg', 1.5)] }),
      'INVALID_SIZE',
      'files[0].size is 1.5',
    ],
    [
      'a string size',
      '{"files":[{"path":"a.jpg","size":"12","contentType":"image/jpeg"}]}',
      'INVALID_SIZE',
      'files[0].size is string "12", not a number',
    ],
    [
      'a missing size',
      '{"files":[{"path":"a.jpg","contentType":"image/jpeg"}]}',
      'INVALID_SIZE',
      'files[0].size is missing',
    ],
    [
      'a size over 5 GiB',
      JSON.stringify({ files: [file('a.jpg', 5 * 1024 ** 3 + 1)] }),
      'FILE_TOO_LARGE',
      'files[0].size is 5368709121 bytes',
    ],
    [
      'a huge size',
      '{"files":[{"path":"a.jpg","size":1e400,"contentType":"image/jpeg"}]}',
      'INVALID_SIZE',
      'files[0].size is Infinity',
    ],
    [
      'an empty path',
      JSON.stringify({ files: [file('', 1)] }),
      'INVALID_PATH',
      'files[0].path "" is empty',
    ],
    [
      'a path of slashes',
      JSON.stringify({ files: [file('//', 1)] }),
      'INVALID_PATH',
      'files[0].path "//" starts with "/"',
    ],
    [
      'a ".." segment',
      JSON.stringify({ files: [file('a/../b.jpg', 1)] }),
      'INVALID_PATH',
      'files[0].path "a/../b.jpg" contains a ".." segment',
    ],
    [
      'a "." segment',
      JSON.stringify({ files: [file('./b.jpg', 1)] }),
      'INVALID_PATH',
      'contains a "." segment',
    ],
    [
      'a leading slash',
      JSON.stringify({ files: [file('/etc/passwd', 1)] }),
      'INVALID_PATH',
      'starts with "/"',
    ],
    [
      'a backslash',
      JSON.stringify({ files: [file('a\\b.jpg', 1)] }),
      'INVALID_PATH',
      'contains a backslash',
    ],
    [
      'a NUL',
      JSON.stringify({ files: [file('a\u0000.jpg', 1)] }),
      'INVALID_PATH',
      'control character U+0000',
    ],
    [
      'a trailing space',
      JSON.stringify({ files: [file('a.jpg ', 1)] }),
      'INVALID_PATH',
      'ending in a space',
    ],
    [
      'a trailing dot',
      JSON.stringify({ files: [file('a.', 1)] }),
      'INVALID_PATH',
      'ending in a dot',
    ],
    [
      'a key over 1024 bytes',
      JSON.stringify({ files: [file(longPath, 1)] }),
      'INVALID_PATH',
      "over S3's limit of 1024",
    ],
    [
      'a path that is not a string',
      '{"files":[{"path":3,"size":1,"contentType":"image/jpeg"}]}',
      'INVALID_PATH',
      'files[0].path is number 3, not a string',
    ],
    [
      'an empty contentType',
      JSON.stringify({ files: [file('a.jpg', 1, '')] }),
      'INVALID_CONTENT_TYPE',
      'files[0].contentType is empty',
    ],
    [
      'a contentType with parameters',
      JSON.stringify({
        files: [file('a.txt', 1, 'text/plain; charset=utf-8')],
      }),
      'INVALID_CONTENT_TYPE',
      '"text/plain; charset=utf-8" is not a media type',
    ],
    [
      'a contentType that is not a type',
      JSON.stringify({ files: [file('a.txt', 1, 'jpeg')] }),
      'INVALID_CONTENT_TYPE',
      '"jpeg" is not a media type',
    ],
    [
      'the same name in NFD and NFC',
      JSON.stringify({
        files: [file('caf\u00e9.jpg', 1), file('cafe\u0301.jpg', 1)],
      }),
      'DUPLICATE_PATH',
      'files[0].path and files[1].path are both "caf\u00e9.jpg"',
    ],
    [
      'a NaN size',
      '{"files":[{"path":"a.jpg","size":NaN,"contentType":"image/jpeg"}]}',
      'INVALID_JSON',
      'is not valid JSON',
    ],
    [
      'a size of "NaN"',
      '{"files":[{"path":"a.jpg","size":"NaN","contentType":"image/jpeg"}]}',
      'INVALID_SIZE',
      'files[0].size is string "NaN", not a number',
    ],
    [
      'a size of "Infinity"',
      '{"files":[{"path":"a.jpg","size":"Infinity","contentType":"a/b"}]}',
      'INVALID_SIZE',
      'files[0].size is string "Infinity", not a number',
    ],
    [
      'a unit separator',
      JSON.stringify({ files: [file('a\u001f.jpg', 1)] }),
      'INVALID_PATH',
      'control character U+001F',
    ],
    [
      'a DEL character',
      JSON.stringify({ files: [file('a\u007f.jpg', 1)] }),
      'INVALID_PATH',
      'control character U+007F',
    ],
    [
      'a trailing space in a folder',
      JSON.stringify({ files: [file('Holiday /a.jpg', 1)] }),
      'INVALID_PATH',
      'has the name "Holiday " ending in a space',
    ],
    [
      'an unknown top-level contentType',
      JSON.stringify({ files: [file('a.jpg', 1, 'picture/jpeg')] }),
      'INVALID_CONTENT_TYPE',
      'files[0].contentType "picture/jpeg" has the unknown top-level type',
    ],
    [
      'an unknown storage class',
      JSON.stringify({
        files: [{ ...file('a.jpg', 1), storageClass: 'CHEAP' }],
      }),
      'INVALID_STORAGE_CLASS',
      'files[0].storageClass is string "CHEAP", which is not an S3 storage',
    ],
    [
      'a lower-case storage class',
      JSON.stringify({
        files: [{ ...file('a.jpg', 1), storageClass: 'standard' }],
      }),
      'INVALID_STORAGE_CLASS',
      'send one of STANDARD, STANDARD_IA',
    ],
    [
      'a replace that is not a boolean',
      JSON.stringify({ files: [{ ...file('a.jpg', 1), replace: 'yes' }] }),
      'INVALID_REPLACE',
      'files[0].replace is string "yes", not a boolean',
    ],
    [
      'a request replace that is not a boolean',
      JSON.stringify({ replace: 1, files: [file('a.jpg', 1)] }),
      'INVALID_REPLACE',
      'replace is number 1, not a boolean',
    ],
  ])('returns 400 for %s', async (_case, body, code, message) => {
    // A member with a stored upload, whose data must not change.
    const member = newMember();
    await putSession(member, [file('kept.jpg', 10)]);
    const memberBefore = await getMember(
      stack.dynamo,
      stack.settings.tableName,
      member.sub,
    );
    const fileBefore = await getFile(
      stack.dynamo,
      stack.settings.tableName,
      member.sub,
      'kept.jpg',
    );

    const result = await handle(
      createApiEvent({ method: 'PUT', claims: member, body }),
    );

    expect(result.statusCode).toBe(400);
    const error = readError(result);
    expect(error.code).toBe(code);
    expect(error.message).toContain(message);
    const memberAfter = await getMember(
      stack.dynamo,
      stack.settings.tableName,
      member.sub,
    );
    expect(memberAfter).toEqual(memberBefore);
    expect(memberAfter.reservedBytes).toBe(10);
    expect(
      await getFile(
        stack.dynamo,
        stack.settings.tableName,
        member.sub,
        'kept.jpg',
      ),
    ).toEqual(fileBefore);
    const list = await getSession(member);
    expect(list.files.map((stored) => stored.path)).toEqual(['kept.jpg']);
  });
});

describe('session requests', () => {
  it('returns 401 without verified claims', async () => {
    const result = await handle(
      createApiEvent({ method: 'GET', origin: appOrigin }),
    );

    expect(result.statusCode).toBe(401);
    expect(readError(result).code).toBe('UNAUTHORIZED');
    expect(result.headers?.['Access-Control-Allow-Origin']).toBe(appOrigin);
  });

  it('returns 401 for a sub that could leave the member prefix', async () => {
    const result = await handle(
      createApiEvent({ method: 'GET', claims: { sub: '../other' } }),
    );

    expect(result.statusCode).toBe(401);
  });

  it('echoes an allowed origin and varies on Origin', async () => {
    const result = await handle(
      createApiEvent({ method: 'GET', claims: newMember(), origin: appOrigin }),
    );

    expect(result.headers?.['Access-Control-Allow-Origin']).toBe(appOrigin);
    expect(result.headers?.Vary).toBe('Origin');
  });

  it('omits the CORS origin for an unknown origin', async () => {
    const result = await handle(
      createApiEvent({
        method: 'GET',
        claims: newMember(),
        origin: 'https://evil.example',
      }),
    );

    expect(result.headers?.['Access-Control-Allow-Origin']).toBeUndefined();
    expect(result.headers?.Vary).toBe('Origin');
  });

  it('handles a preflight without claims', async () => {
    const result = await handle(
      createApiEvent({ method: 'OPTIONS', origin: appOrigin }),
    );

    expect(result.statusCode).toBe(204);
    expect(result.headers?.['Access-Control-Allow-Origin']).toBe(appOrigin);
    expect(result.headers?.['Access-Control-Allow-Methods']).toBe(
      'GET, PUT, OPTIONS',
    );
    expect(result.headers?.['Access-Control-Allow-Headers']).toBe(
      'Authorization, Content-Type',
    );
  });

  it('returns 405 for another method', async () => {
    const result = await handle(
      createApiEvent({ method: 'DELETE', claims: newMember() }),
    );

    expect(result.statusCode).toBe(405);
    expect(result.headers?.Allow).toBe('GET, PUT, OPTIONS');
  });

  it('returns 404 for another path', async () => {
    const result = await handle(
      createApiEvent({ method: 'GET', path: '/files', claims: newMember() }),
    );

    expect(result.statusCode).toBe(404);
    expect(readError(result).message).toContain('GET /files');
  });
});

describe('GET /session', () => {
  it('returns the default quota for a new member', async () => {
    const list = await getSession(newMember());

    expect(list).toEqual({
      quota: {
        capBytes: defaultCapBytes,
        usedBytes: 0,
        reservedBytes: 0,
        availableBytes: defaultCapBytes,
      },
      files: [],
      folders: [],
      cursor: null,
    });
  });

  it('lists folders and files of the root in pages', async () => {
    const member = newMember();
    await putSession(member, [
      file('b.jpg', 2),
      file('Holiday/1.jpg', 3),
      file('a.jpg', 1),
      file('Holiday/sub/2.jpg', 4),
      file('Zoo/x.jpg', 5),
    ]);
    await putSession(member, [file('c.jpg', 6), file('Holiday/3.jpg', 7)]);

    const first = await getSession(member);
    const second = await getSession(member, { cursor: first.cursor ?? '' });
    const third = await getSession(member, { cursor: second.cursor ?? '' });

    expect(first.folders).toEqual(['Holiday/', 'Zoo/']);
    expect(first.files).toEqual([]);
    expect(second.folders).toEqual([]);
    expect(second.files.map((stored) => stored.path)).toEqual([
      'a.jpg',
      'b.jpg',
    ]);
    expect(third.files.map((stored) => stored.path)).toEqual(['c.jpg']);
    expect(third.cursor).toBeNull();
  });

  it('lists a folder given with or without its slash', async () => {
    const member = newMember();
    await putSession(member, [
      file('Holiday/1.jpg', 3),
      file('Holiday/sub/2.jpg', 4),
      file('Holidays.jpg', 4),
    ]);

    const withSlash = await getSession(member, { prefix: 'Holiday/' });
    const withoutSlash = await getSession(member, { prefix: 'Holiday' });

    expect(withSlash.files.map((stored) => stored.path)).toEqual([
      'Holiday/1.jpg',
    ]);
    expect(withSlash.folders).toEqual(['sub/']);
    expect(withoutSlash).toEqual(withSlash);
  });

  it('describes each file with key, size, state and time', async () => {
    const member = newMember();
    const response = await putSession(member, [file('a.jpg', 42)]);
    const upload = initiated(response.uploads[0]);

    const list = await getSession(member);

    expect(list.files).toEqual([
      {
        key: upload.key,
        path: 'a.jpg',
        size: 42,
        state: 'INITIATED',
        lastModified: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        contentType: 'image/jpeg',
        storageClass: 'STANDARD',
        createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      },
    ]);
    expect(list.quota.reservedBytes).toBe(42);
  });

  it('omits rejected uploads', async () => {
    const member = newMember();
    await putSession(member, [file('huge.mov', 20_000)]);

    const list = await getSession(member);

    expect(list.files).toEqual([]);
  });

  it('lists only the caller’s own files', async () => {
    const alice = newMember();
    const bob = newMember();
    await putSession(alice, [file('secret.jpg', 1)]);

    const list = await getSession(bob);

    expect(list.files).toEqual([]);
  });

  it.each<[string, Record<string, string>, string, string]>([
    ['a ".." prefix', { prefix: '../x' }, 'INVALID_PATH', 'prefix "../x"'],
    [
      'a leading slash',
      { prefix: '/users' },
      'INVALID_PATH',
      'starts with "/"',
    ],
    [
      'a cursor that is not one',
      { cursor: 'abc' },
      'INVALID_CURSOR',
      'cursor "abc"',
    ],
  ])('returns 400 for %s', async (_case, query, code, message) => {
    const result = await handle(
      createApiEvent({ method: 'GET', claims: newMember(), query }),
    );

    expect(result.statusCode).toBe(400);
    expect(readError(result).code).toBe(code);
    expect(readError(result).message).toContain(message);
  });

  it('returns 400 for a cursor of another prefix', async () => {
    const member = newMember();
    await putSession(member, [
      file('a.jpg', 1),
      file('b.jpg', 1),
      file('c.jpg', 1),
    ]);
    const first = await getSession(member);

    const result = await handle(
      createApiEvent({
        method: 'GET',
        claims: member,
        query: { prefix: 'Other', cursor: first.cursor ?? '' },
      }),
    );

    expect(result.statusCode).toBe(400);
    expect(readError(result).message).toContain('belongs to another prefix');
  });
});

describe('session request logs', () => {
  it('writes one JSON line per request without secrets', async () => {
    const write = vi.spyOn(process.stdout, 'write').mockReturnValue(true);
    const logged = createSessionHandler({
      ...stack.dependencies,
      logger: new Logger({ serviceName: 'shoebox-session', logLevel: 'INFO' }),
    });
    const member = newMember();
    const event = createApiEvent({
      method: 'PUT',
      claims: member,
      body: JSON.stringify({ files: [file('a.jpg', 1)] }),
    });
    event.headers.Authorization = 'Bearer secret-id-token';

    try {
      const result = await logged(event);
      const lines = write.mock.calls.map(([chunk]) => String(chunk));

      expect(result.statusCode).toBe(200);
      expect(lines).toHaveLength(1);
      const line = JSON.parse(lines[0] ?? '{}') as Record<string, unknown>;
      expect(line).toMatchObject({
        level: 'INFO',
        service: 'shoebox-session',
        requestId: event.requestContext.requestId,
        memberId: member.sub,
        outcome: 'uploads started',
        grantedCount: 1,
        statusCode: 200,
      });
      expect(lines[0]).not.toContain('secret-id-token');
      expect(lines[0]).not.toContain('Signature');
      expect(lines[0]).not.toContain('Policy');
    } finally {
      write.mockRestore();
    }
  });
});
