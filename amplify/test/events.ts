/**
 * Builders of the events that AWS passes to the handlers: API Gateway proxy
 * events with Cognito authorizer claims, and S3 notification records with
 * keys encoded the way S3 encodes them.
 */

import { randomUUID } from 'node:crypto';

import type { APIGatewayProxyEvent, S3Event, S3EventRecord } from 'aws-lambda';

export type ApiEventOptions = {
  method: string;
  path?: string;
  /** Resource template, e.g. `/admin/users/{id}`; defaults to `path`. */
  resource?: string;
  pathParameters?: Record<string, string>;
  body?: string | null;
  query?: Record<string, string>;
  /** Cognito claims; omit for a request without an authorizer context. */
  claims?: { sub: string; email?: string; 'cognito:groups'?: string };
  origin?: string;
};

export function createApiEvent(options: ApiEventOptions): APIGatewayProxyEvent {
  const path = options.path ?? '/session';
  const requestContext = {
    accountId: '000000000000',
    apiId: 'local',
    authorizer: options.claims ? { claims: options.claims } : undefined,
    protocol: 'HTTP/1.1',
    httpMethod: options.method,
    identity: {
      accessKey: null,
      accountId: null,
      apiKey: null,
      apiKeyId: null,
      caller: null,
      clientCert: null,
      cognitoAuthenticationProvider: null,
      cognitoAuthenticationType: null,
      cognitoIdentityId: null,
      cognitoIdentityPoolId: null,
      principalOrgId: null,
      sourceIp: '127.0.0.1',
      user: null,
      userAgent: 'vitest',
      userArn: null,
    },
    path: `/test${path}`,
    stage: 'test',
    requestId: randomUUID(),
    requestTimeEpoch: Date.now(),
    resourceId: 'session',
    resourcePath: path,
  };

  return {
    body: options.body ?? null,
    headers: {
      'Content-Type': 'application/json',
      ...(options.origin ? { Origin: options.origin } : {}),
    },
    multiValueHeaders: {},
    httpMethod: options.method,
    isBase64Encoded: false,
    path,
    pathParameters: options.pathParameters ?? null,
    queryStringParameters: options.query ?? null,
    multiValueQueryStringParameters: null,
    stageVariables: null,
    requestContext,
    resource: options.resource ?? path,
  };
}

/**
 * Encodes a key as S3 does in event records: like an HTML form, with `+`
 * for a space, but keeping `/`.
 */
export function encodeEventKey(key: string): string {
  return encodeURIComponent(key).replace(/%20/g, '+').replace(/%2F/g, '/');
}

export type ObjectRecordOptions = {
  eventName: string;
  bucketName: string;
  key: string;
  /** Hex sequencer; S3 sends it upper-case and without padding. */
  sequencer: string;
  /** Omit for removals, as S3 does, or to make the handler ask S3. */
  size?: number;
};

export function createS3Record(options: ObjectRecordOptions): S3EventRecord {
  // @types/aws-lambda declares `size` required, but S3 omits it on removals.
  return {
    eventVersion: '2.1',
    eventSource: 'aws:s3',
    awsRegion: 'us-east-1',
    eventTime: new Date().toISOString(),
    eventName: options.eventName,
    userIdentity: { principalId: 'AWS:LOCAL' },
    requestParameters: { sourceIPAddress: '127.0.0.1' },
    responseElements: {
      'x-amz-request-id': randomUUID(),
      'x-amz-id-2': 'local',
    },
    s3: {
      s3SchemaVersion: '1.0',
      configurationId: 'shoebox-test',
      bucket: {
        name: options.bucketName,
        ownerIdentity: { principalId: 'LOCAL' },
        arn: `arn:aws:s3:::${options.bucketName}`,
      },
      object: {
        key: encodeEventKey(options.key),
        ...(options.size === undefined ? {} : { size: options.size }),
        eTag: '',
        sequencer: options.sequencer,
      },
    },
  } as S3EventRecord;
}

export function createS3Event(...records: S3EventRecord[]): S3Event {
  return { Records: records };
}
