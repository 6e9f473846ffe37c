import { describe, expect, it } from 'vitest';
import { readGroups } from './idToken';

function token(claims: object): string {
  const payload = btoa(JSON.stringify(claims))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

  return `header.${payload}.signature`;
}

describe('readGroups', () => {
  it('reads cognito:groups', () => {
    expect(
      readGroups(token({ 'cognito:groups': ['admins', 'family'] })),
    ).toEqual(['admins', 'family']);
  });

  it('returns no groups without the claim', () => {
    expect(readGroups(token({ sub: 'a' }))).toEqual([]);
  });

  it('returns no groups for a token that is not a JWT', () => {
    expect(readGroups('not a token')).toEqual([]);
    expect(readGroups('header.%%%.signature')).toEqual([]);
  });

  it('decodes base64url payloads with - and _', () => {
    // "?>" encodes to "Pz4" in base64, with a "+" or "/" nearby for some
    // inputs; a long email exercises both alphabets.
    const claims = { email: '~~~???>>>@example.com', 'cognito:groups': ['a'] };

    expect(readGroups(token(claims))).toEqual(['a']);
  });
});
