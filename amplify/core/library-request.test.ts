import { describe, expect, it } from 'vitest';

import {
  parseAdminInvite,
  parseAdminSettings,
  parseAdminUserUpdate,
  parseArchiveRestoreRequest,
  parseTrashRequest,
  parseTrashRestoreRequest,
} from './library-request';

describe('parseTrashRequest', () => {
  it('normalises and deduplicates paths', () => {
    const request = parseTrashRequest(
      JSON.stringify({ paths: ['Cafe\u0301.jpg', 'Café.jpg'] }),
      5,
    );

    expect(request).toEqual({ paths: ['Café.jpg'], permanent: false });
  });

  it('rejects more paths than the limit', () => {
    expect(() =>
      parseTrashRequest(JSON.stringify({ paths: ['a', 'b', 'c'] }), 2),
    ).toThrow('paths has 3 entries, but one request accepts at most 2');
  });

  it('rejects a permanent flag that is not a boolean', () => {
    expect(() =>
      parseTrashRequest(JSON.stringify({ paths: ['a'], permanent: 'yes' }), 2),
    ).toThrow('permanent is "yes", not a boolean');
  });

  it('rejects a body that is not JSON', () => {
    expect(() => parseTrashRequest('paths=a', 2)).toThrow('not valid JSON');
  });
});

describe('parseTrashRestoreRequest', () => {
  it('rejects an id that is not a trash id', () => {
    expect(() =>
      parseTrashRestoreRequest(JSON.stringify({ trashIds: ['../x'] }), 5),
    ).toThrow('trashIds[0] is "../x", which is not a trash id');
  });
});

describe('parseArchiveRestoreRequest', () => {
  it('requires a path string', () => {
    expect(() => parseArchiveRestoreRequest('{"path": 7}')).toThrow(
      'path is 7, not a string',
    );
  });
});

describe('parseAdminUserUpdate', () => {
  it('reads null as a return to the default cap', () => {
    expect(parseAdminUserUpdate('{"capBytes": null}')).toEqual({
      capBytes: null,
    });
  });

  it('rejects a negative cap', () => {
    expect(() => parseAdminUserUpdate('{"capBytes": -1}')).toThrow(
      'capBytes is -1',
    );
  });

  it('rejects a request that changes nothing', () => {
    expect(() => parseAdminUserUpdate('{}')).toThrow('changes nothing');
  });
});

describe('parseAdminInvite', () => {
  it('lower-cases the email', () => {
    expect(parseAdminInvite('{"email": " Carol@Example.COM "}')).toEqual({
      email: 'carol@example.com',
      capBytes: undefined,
    });
  });

  it('rejects a string without an @', () => {
    expect(() => parseAdminInvite('{"email": "carol"}')).toThrow(
      'email is "carol", which is not an email address',
    );
  });
});

describe('parseAdminSettings', () => {
  it('requires a whole number of bytes', () => {
    expect(() => parseAdminSettings('{"defaultCapBytes": 1.5}')).toThrow(
      'defaultCapBytes is 1.5',
    );
  });
});
