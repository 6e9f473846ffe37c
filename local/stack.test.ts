import { readFile } from 'node:fs/promises';

import { GetTokensFromRefreshTokenCommand } from '@aws-sdk/client-cognito-identity-provider';
import { Amplify } from 'aws-amplify';
import {
  fetchAuthSession,
  signIn as amplifySignIn,
  signOut,
} from 'aws-amplify/auth';
import {
  afterAll,
  afterEach,
  beforeAll,
  describe,
  expect,
  it,
  vi,
} from 'vitest';

import { apiName as backendApiName } from '../amplify/backend/api';
import type { StackHandle } from './stack';
import {
  callSession,
  createDataDir,
  decodeClaims,
  removeDataDir,
  signIn,
  signWithForeignKey,
  startTestStack,
  testAppOrigin,
} from './test-support';

/** Cognito's shortest ID token lifetime, five minutes. */
const tokenValiditySeconds = 300;

describe('local stack', () => {
  let dataDir: string;
  let stack: StackHandle;

  beforeAll(async () => {
    dataDir = await createDataDir();
    stack = await startTestStack(dataDir, { config: { tokenValiditySeconds } });
  });

  afterAll(async () => {
    await stack?.stop();
    await removeDataDir(dataDir);
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  describe('sign-in', () => {
    it.each(['admin@example.com', 'alice@example.com', 'bob@example.com'])(
      'returns tokens for %s',
      async (email) => {
        const tokens = await signIn(stack, email);

        const claims = decodeClaims(tokens.IdToken);
        expect(claims.email).toBe(email);
        expect(claims.token_use).toBe('id');
        expect(claims.aud).toBe(stack.userPoolClientId);
        expect(claims.sub).toBe(
          stack.users.find((user) => user.email === email)?.sub,
        );
        expect(decodeClaims(tokens.AccessToken).token_use).toBe('access');
      },
    );

    it('puts admins in the admins group', async () => {
      const admin = decodeClaims(
        (await signIn(stack, 'admin@example.com')).IdToken,
      );
      const alice = decodeClaims(
        (await signIn(stack, 'alice@example.com')).IdToken,
      );

      expect(admin['cognito:groups']).toEqual(['admins']);
      expect(alice['cognito:groups']).toBeUndefined();
    });

    it('issues tokens with the configured lifetime', async () => {
      const claims = decodeClaims(
        (await signIn(stack, 'alice@example.com')).IdToken,
      );

      expect(Number(claims.exp) - Number(claims.iat)).toBe(
        tokenValiditySeconds,
      );
    });
  });

  describe('token refresh', () => {
    it('returns fresh tokens from GetTokensFromRefreshToken', async () => {
      const tokens = await signIn(stack, 'alice@example.com');
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(Date.now() + 2000);

      const { AuthenticationResult: result } = await stack.clients.cognito.send(
        new GetTokensFromRefreshTokenCommand({
          ClientId: stack.userPoolClientId,
          RefreshToken: tokens.RefreshToken,
        }),
      );

      expect(result?.TokenType).toBe('Bearer');
      expect(result?.ExpiresIn).toBe(tokenValiditySeconds);
      expect(result?.RefreshToken).toBe(tokens.RefreshToken);
      expect(result?.IdToken).not.toBe(tokens.IdToken);
      expect(result?.AccessToken).not.toBe(tokens.AccessToken);
      expect(decodeClaims(result?.IdToken ?? '').iat).toBeGreaterThan(
        Number(decodeClaims(tokens.IdToken).iat),
      );
    });

    it('replaces an expired ID token the API rejects', async () => {
      const tokens = await signIn(stack, 'alice@example.com');
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(Date.now() + (tokenValiditySeconds + 1) * 1000);

      const expired = await callSession(stack, { token: tokens.IdToken });
      const { AuthenticationResult: result } = await stack.clients.cognito.send(
        new GetTokensFromRefreshTokenCommand({
          ClientId: stack.userPoolClientId,
          RefreshToken: tokens.RefreshToken,
        }),
      );
      const refreshed = await callSession(stack, { token: result?.IdToken });

      expect(expired.status).toBe(401);
      expect(await expired.json()).toEqual({
        message: 'The incoming token has expired',
      });
      expect(refreshed.status).toBe(200);
    });

    it('refreshes an expired Amplify session', async () => {
      // The app passes custom.local.userPoolEndpoint to Amplify like this.
      Amplify.configure({
        Auth: {
          Cognito: {
            userPoolId: stack.userPoolId,
            userPoolClientId: stack.userPoolClientId,
            userPoolEndpoint: stack.endpoints.cognito,
            loginWith: { email: true },
          },
        },
      });
      await amplifySignIn({
        username: 'alice@example.com',
        password: stack.config.demoPassword,
        options: { authFlowType: 'USER_PASSWORD_AUTH' },
      });
      const before = (await fetchAuthSession()).tokens?.idToken;
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(Date.now() + (tokenValiditySeconds + 1) * 1000);

      const after = (await fetchAuthSession()).tokens?.idToken;
      const response = await callSession(stack, { token: after?.toString() });

      expect(after?.payload.iat).toBeGreaterThan(Number(before?.payload.iat));
      expect(response.status).toBe(200);
      await signOut();
    });

    it('rejects an unknown refresh token', async () => {
      const response = await fetch(stack.endpoints.cognito, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-amz-json-1.1',
          'X-Amz-Target':
            'AWSCognitoIdentityProviderService.GetTokensFromRefreshToken',
        },
        body: JSON.stringify({
          ClientId: stack.userPoolClientId,
          RefreshToken: 'not-a-refresh-token',
        }),
      });

      expect(response.status).toBe(400);
      expect((await response.json()).__type).toBe('NotAuthorizedException');
    });

    it('passes preflights to cognito-local', async () => {
      const response = await fetch(stack.endpoints.cognito, {
        method: 'OPTIONS',
        headers: {
          Origin: testAppOrigin,
          'Access-Control-Request-Method': 'POST',
          'Access-Control-Request-Headers': 'content-type,x-amz-target',
        },
      });

      expect(response.status).toBe(204);
      expect(response.headers.get('access-control-allow-origin')).toBe('*');
    });
  });

  describe('API authorizer', () => {
    it('rejects a request without a token', async () => {
      const response = await callSession(stack, {});

      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ message: 'Unauthorized' });
      expect(response.headers.get('access-control-allow-origin')).toBe('*');
    });

    it('rejects a malformed token', async () => {
      const response = await callSession(stack, { token: 'not.a.jwt' });

      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ message: 'Unauthorized' });
    });

    it('rejects a token signed by another key', async () => {
      const tokens = await signIn(stack, 'alice@example.com');

      const response = await callSession(stack, {
        token: signWithForeignKey(tokens.IdToken),
      });

      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ message: 'Unauthorized' });
    });

    it('rejects an access token', async () => {
      const tokens = await signIn(stack, 'alice@example.com');

      const response = await callSession(stack, { token: tokens.AccessToken });

      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ message: 'Unauthorized' });
    });

    it('passes the app origin to the handler', async () => {
      const tokens = await signIn(stack, 'alice@example.com');

      const response = await fetch(`${stack.endpoints.api}session`, {
        headers: { Authorization: tokens.IdToken, Origin: testAppOrigin },
      });

      expect(response.status).toBe(200);
      expect(response.headers.get('access-control-allow-origin')).toBe(
        testAppOrigin,
      );
    });

    it('accepts an ID token with or without Bearer', async () => {
      const tokens = await signIn(stack, 'alice@example.com');

      const bare = await callSession(stack, { token: tokens.IdToken });
      const bearer = await callSession(stack, {
        token: `Bearer ${tokens.IdToken}`,
      });

      expect(bare.status).toBe(200);
      expect(bearer.status).toBe(200);
    });

    it('returns 403 for unknown routes', async () => {
      const response = await fetch(`${stack.endpoints.api}nowhere`);

      expect(response.status).toBe(403);
      expect(await response.json()).toEqual({
        message: 'Missing Authentication Token',
      });
    });

    it('allows the CORS preflight without a token', async () => {
      const response = await fetch(`${stack.endpoints.api}session`, {
        method: 'OPTIONS',
        headers: {
          Origin: testAppOrigin,
          'Access-Control-Request-Method': 'PUT',
        },
      });

      expect(response.status).toBe(204);
      expect(response.headers.get('access-control-allow-origin')).toBe(
        testAppOrigin,
      );
      expect(response.headers.get('access-control-allow-methods')).toBe(
        'GET,PUT',
      );
      expect(response.headers.get('access-control-allow-headers')).toBe(
        'Authorization,Content-Type',
      );
    });
  });

  describe('amplify_outputs.json', () => {
    it('has the shape ampx writes plus custom.local', async () => {
      const outputs = JSON.parse(await readFile(stack.outputsPath, 'utf8'));

      expect(outputs).toEqual({
        version: '1.5',
        auth: {
          aws_region: 'us-east-1',
          user_pool_id: stack.userPoolId,
          user_pool_client_id: stack.userPoolClientId,
          password_policy: {
            min_length: 8,
            require_lowercase: true,
            require_numbers: true,
            require_symbols: true,
            require_uppercase: true,
          },
          standard_required_attributes: ['email'],
          username_attributes: ['email'],
          user_verification_types: ['email'],
          groups: [{ admins: { precedence: 0 } }],
          mfa_configuration: 'NONE',
          unauthenticated_identities_enabled: false,
        },
        storage: {
          aws_region: 'us-east-1',
          bucket_name: 'shoebox-local',
          buckets: [
            {
              name: 'shoeboxFiles',
              bucket_name: 'shoebox-local',
              aws_region: 'us-east-1',
            },
          ],
        },
        custom: {
          API: {
            ShoeboxApi: {
              endpoint: stack.endpoints.api,
              region: 'us-east-1',
              apiName: 'ShoeboxApi',
            },
          },
          local: {
            userPoolEndpoint: stack.endpoints.cognito,
            s3Endpoint: stack.endpoints.s3,
            dynamoDbEndpoint: stack.endpoints.dynamoDb,
          },
        },
      });
    });

    it('names the API as the backend does', async () => {
      const outputs = JSON.parse(await readFile(stack.outputsPath, 'utf8'));

      expect(Object.keys(outputs.custom.API)).toEqual([backendApiName]);
    });

    it('configures Amplify with the local pool', async () => {
      const outputs = JSON.parse(await readFile(stack.outputsPath, 'utf8'));

      Amplify.configure(outputs);

      const cognito = Amplify.getConfig().Auth?.Cognito;
      expect(cognito?.userPoolId).toBe(stack.userPoolId);
      expect(cognito?.userPoolClientId).toBe(stack.userPoolClientId);
      expect(cognito?.loginWith?.email).toBe(true);
    });
  });
});
