import { describe, expect, it } from 'vitest';

import { matchRoute } from './routes';

describe('matchRoute', () => {
  it('matches a plain resource', () => {
    expect(matchRoute('/session/trash')).toEqual({
      resource: '/session/trash',
      parameters: {},
    });
  });

  it('reads a path parameter', () => {
    expect(matchRoute('/admin/users/8c1e-2f')).toEqual({
      resource: '/admin/users/{id}',
      parameters: { id: '8c1e-2f' },
    });
  });

  it('returns undefined for an unknown path', () => {
    expect(matchRoute('/admin/users/a/b')).toBeUndefined();
  });
});
