import { describe, expect, it } from 'vitest';

import { InvalidInputError } from './errors';
import {
  decodeEventKey,
  maxKeyBytes,
  memberPrefix,
  normalizeFolderPrefix,
  normalizePath,
  parseObjectKey,
  toObjectKey,
  withCopyNumber,
} from './keys';

const composedE = '\u00e9';
const decomposedE = 'e\u0301';

function pathError(path: string): InvalidInputError {
  try {
    normalizePath(path, 'files[0].path');
  } catch (error) {
    if (error instanceof InvalidInputError) {
      return error;
    }
    throw error;
  }
  throw new Error(`normalizePath accepted ${JSON.stringify(path)}`);
}

describe('normalizePath', () => {
  it.each([
    'IMG 0001.jpg',
    'Holiday 2024/IMG 0001.jpg',
    'c++/x.txt',
    '100%/y',
    "a#b/{x}/'quote'.txt",
    '.profile',
    'deep/er/still/file',
    '日本/写真.jpg',
  ])('keeps %s as it is', (path) => {
    expect(normalizePath(path, 'path')).toBe(path);
  });

  it('turns an NFD name into NFC', () => {
    const path = normalizePath(`pr${decomposedE}sident.jpg`, 'path');

    expect(path).toBe(`pr${composedE}sident.jpg`);
  });

  it('gives NFD and NFC spellings the same path', () => {
    expect(normalizePath(`caf${decomposedE}/a`, 'path')).toBe(
      normalizePath(`caf${composedE}/a`, 'path'),
    );
  });

  it.each([
    ['', 'is empty'],
    ['/', 'starts with "/"'],
    ['///', 'starts with "/"'],
    ['/photos/a.jpg', 'starts with "/"'],
    ['photos/', 'ends with "/"'],
    ['a//b.jpg', 'empty folder name'],
    ['./a.jpg', 'contains a "." segment'],
    ['a/./b.jpg', 'contains a "." segment'],
    ['../a.jpg', 'contains a ".." segment'],
    ['a/../../b.jpg', 'contains a ".." segment'],
    ['photos\\a.jpg', 'contains a backslash'],
    ['a\u0000b.jpg', 'control character U+0000'],
    ['a\nb.jpg', 'control character U+000A'],
    ['a\u001fb.jpg', 'control character U+001F'],
    ['a\u007fb.jpg', 'control character U+007F'],
    ['a\u0085b.jpg', 'control character U+0085'],
    ['a.jpg ', 'ending in a space'],
    ['album /a.jpg', 'ending in a space'],
    ['a.jpg.', 'ending in a dot'],
    ['album./a.jpg', 'ending in a dot'],
    ['a\ud800b.jpg', 'unpaired UTF-16 surrogate'],
    ['a\udc00b.jpg', 'unpaired UTF-16 surrogate'],
  ])('rejects %j: %s', (path, problem) => {
    const error = pathError(path);

    expect(error.code).toBe('INVALID_PATH');
    expect(error.statusCode).toBe(400);
    expect(error.message).toContain(problem);
  });

  it('names the field and the value in the message', () => {
    const error = pathError('../secret.txt');

    expect(error.message).toMatch(/^files\[0\]\.path "\.\.\/secret\.txt" /);
  });

  it('says how to fix the path', () => {
    expect(pathError('/a.jpg').message).toContain(
      'send the path relative to the dropped folder',
    );
    expect(pathError('a\\b').message).toContain('separate folders with "/"');
  });
});

describe('toObjectKey', () => {
  const memberId = '1f2e3d4c-0000-4000-8000-000000000001';
  const prefixBytes = memberPrefix(memberId).length;

  it('puts the path under the member prefix', () => {
    expect(toObjectKey(memberId, 'a b/c.jpg', 'path')).toBe(
      `users/${memberId}/a b/c.jpg`,
    );
  });

  it('accepts a key of exactly 1024 UTF-8 bytes', () => {
    const path = 'x'.repeat(maxKeyBytes - prefixBytes);

    expect(toObjectKey(memberId, path, 'path')).toHaveLength(maxKeyBytes);
  });

  it('rejects a key one byte over 1024, counting UTF-8 bytes', () => {
    // "é" takes two bytes in UTF-8, so this path is one byte too long.
    const path = `${'x'.repeat(maxKeyBytes - prefixBytes - 1)}${composedE}`;

    expect(() => toObjectKey(memberId, path, 'files[2].path')).toThrow(
      /files\[2\]\.path .* 1025 bytes long .* at least 1 bytes/,
    );
  });
});

describe('normalizeFolderPrefix', () => {
  it('keeps the root as an empty prefix', () => {
    expect(normalizeFolderPrefix('', 'prefix')).toBe('');
  });

  it('adds the trailing slash', () => {
    expect(normalizeFolderPrefix('Holiday 2024', 'prefix')).toBe(
      'Holiday 2024/',
    );
  });

  it('keeps an existing trailing slash', () => {
    expect(normalizeFolderPrefix('a/b/', 'prefix')).toBe('a/b/');
  });

  it('rejects a prefix with a ".." segment', () => {
    expect(() => normalizeFolderPrefix('../other/', 'prefix')).toThrow(
      /^prefix "\.\.\/other\/" contains a "\.\." segment/,
    );
  });
});

describe('parseObjectKey', () => {
  it('splits member id and path', () => {
    expect(parseObjectKey('users/abc/a/b.jpg')).toEqual({
      memberId: 'abc',
      path: 'a/b.jpg',
    });
  });

  it.each(['other/abc/a.jpg', 'users/abc', 'users//a.jpg', 'users/abc/'])(
    'returns undefined for %s',
    (key) => {
      expect(parseObjectKey(key)).toBeUndefined();
    },
  );
});

describe('decodeEventKey', () => {
  it.each([
    ['a+b.jpg', 'a b.jpg'],
    ['c%2B%2B/x.txt', 'c++/x.txt'],
    ['100%25/y', '100%/y'],
    ['pr%C3%A9sident.jpg', `pr${composedE}sident.jpg`],
    ['space+plus%2Btest.txt', 'space plus+test.txt'],
    ['a%40b', 'a@b'],
    ['test%2F10%3A47%3A07', 'test/10:47:07'],
    ['photos/2024/IMG+0001.jpg', 'photos/2024/IMG 0001.jpg'],
  ])('decodes %s to %s', (encoded, decoded) => {
    expect(decodeEventKey(encoded)).toBe(decoded);
  });

  it('rejects a malformed escape with the key in the message', () => {
    expect(() => decodeEventKey('bad%2')).toThrow(/"bad%2" is not valid/);
  });
});

describe('withCopyNumber', () => {
  it.each([
    ['photo.jpg', 'photo (2).jpg'],
    ['a/b/photo.jpg', 'a/b/photo (2).jpg'],
    ['notes', 'notes (2)'],
    ['.profile', '.profile (2)'],
    ['v1.0/readme', 'v1.0/readme (2)'],
    ['archive.tar.gz', 'archive.tar (2).gz'],
  ])('numbers %s as %s', (path, expected) => {
    expect(withCopyNumber(path, 2)).toBe(expected);
  });
});
