/** Helpers for tests that run against the real local stack. */

import { createSign, generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import {
  InitiateAuthCommand,
  type AuthenticationResultType,
} from '@aws-sdk/client-cognito-identity-provider';

import type { LocalConfig } from './config';
import { startStack, type StackHandle, type StackOptions } from './stack';

/** Settings for a test stack: free ports and no app origin of its own. */
export const ephemeralPorts = {
  apiPort: 0,
  cognitoPort: 0,
  s3Port: 0,
  dynamoDbPort: 0,
} satisfies Partial<LocalConfig>;

export const testAppOrigin = 'http://localhost:5173';

/** Creates an empty data directory; `removeDataDir` deletes it. */
export function createDataDir(): Promise<string> {
  return mkdtemp(path.join(tmpdir(), 'shoebox-local-'));
}

export function removeDataDir(dataDir: string): Promise<void> {
  return rm(dataDir, { recursive: true, force: true });
}

/**
 * Starts a silent stack on free ports with its data and its
 * `amplify_outputs.json` in `dataDir`.
 */
export function startTestStack(
  dataDir: string,
  options: StackOptions = {},
): Promise<StackHandle> {
  return startStack({
    logLevel: 'SILENT',
    appOrigins: [testAppOrigin],
    environment: {},
    ...options,
    config: {
      ...ephemeralPorts,
      dataDir,
      outputsPath: path.join(dataDir, 'amplify_outputs.json'),
      ...options.config,
    },
  });
}

export type Tokens = Required<
  Pick<AuthenticationResultType, 'IdToken' | 'AccessToken' | 'RefreshToken'>
>;

/** Signs in with USER_PASSWORD_AUTH, as the app does locally. */
export async function signIn(
  stack: StackHandle,
  email: string,
): Promise<Tokens> {
  const { AuthenticationResult: result } = await stack.clients.cognito.send(
    new InitiateAuthCommand({
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: stack.userPoolClientId,
      AuthParameters: {
        USERNAME: email,
        PASSWORD: stack.config.demoPassword,
      },
    }),
  );
  if (!result?.IdToken || !result.AccessToken || !result.RefreshToken) {
    throw new Error(`Sign-in of ${email} returned no tokens.`);
  }

  return {
    IdToken: result.IdToken,
    AccessToken: result.AccessToken,
    RefreshToken: result.RefreshToken,
  };
}

/** Calls the session API with `token` in the Authorization header. */
export function callSession(
  stack: StackHandle,
  init: { method?: string; token?: string; body?: unknown; query?: string },
): Promise<Response> {
  const headers: Record<string, string> = {};
  if (init.token !== undefined) {
    headers.Authorization = init.token;
  }
  if (init.body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }

  return fetch(`${stack.endpoints.api}session${init.query ?? ''}`, {
    method: init.method ?? 'GET',
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
}

/** Returns the claims of a JWT without checking it. */
export function decodeClaims(token: string): Record<string, unknown> {
  const payload = token.split('.')[1] ?? '';

  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
}

/**
 * Re-signs a token's header and claims with a freshly generated RSA key,
 * giving a token that looks right but that no key of the pool signed.
 */
export function signWithForeignKey(token: string): string {
  const [header = '', payload = ''] = token.split('.');
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const signer = createSign('RSA-SHA256');
  signer.update(`${header}.${payload}`);

  return `${header}.${payload}.${signer.sign(privateKey, 'base64url')}`;
}

/**
 * Calls `read` every `intervalMs` until `isDone` accepts its result, and
 * returns that result. Throws when `timeoutMs` passes first.
 */
export async function pollUntil<T>(
  read: () => Promise<T>,
  isDone: (value: T) => boolean,
  { timeoutMs = 10_000, intervalMs = 50 } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (isDone(value)) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `Condition not met within ${timeoutMs} ms; last value: ` +
          JSON.stringify(value),
      );
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
