import { describe, expect, it } from 'vitest';

import { toClaimStrings } from './authorizer';

describe('toClaimStrings', () => {
  it('renders claims as API Gateway passes them', () => {
    const claims = toClaimStrings({
      sub: '3936e584-7276-4bc2-9725-c742ddfc4c00',
      aud: '3t62hk811l5skv2t0lffeis6fm',
      email_verified: true,
      token_use: 'id',
      auth_time: 1652790667,
      'cognito:groups': ['admins', 'family'],
      exp: 1652877067,
      iat: 1652790667,
    });

    expect(claims).toEqual({
      sub: '3936e584-7276-4bc2-9725-c742ddfc4c00',
      aud: '3t62hk811l5skv2t0lffeis6fm',
      email_verified: 'true',
      token_use: 'id',
      auth_time: '1652790667',
      'cognito:groups': 'admins,family',
      exp: 'Wed May 18 12:31:07 UTC 2022',
      iat: 'Tue May 17 12:31:07 UTC 2022',
    });
  });

  it('pads single-digit days and times', () => {
    // 2024-03-05T04:03:02Z
    const claims = toClaimStrings({ exp: 1709611382 });

    expect(claims.exp).toBe('Tue Mar 05 04:03:02 UTC 2024');
  });
});
