import { describe, expect, it } from 'vitest';

import { defaultConfig, isLoopbackHost, readLocalConfig } from './config';

describe('readLocalConfig', () => {
  it('returns the defaults for an empty environment', () => {
    expect(readLocalConfig({})).toEqual(defaultConfig);
  });

  it('documents the default ports and names', () => {
    const config = readLocalConfig({});

    expect(config).toMatchObject({
      host: '127.0.0.1',
      appPort: 5173,
      apiPort: 3001,
      cognitoPort: 9229,
      s3Port: 4568,
      dynamoDbPort: 4567,
      region: 'us-east-1',
      bucketName: 'shoebox-local',
      tableName: 'shoebox-local',
      s3AccessKeyId: 'S3RVER',
      s3SecretAccessKey: 'S3RVER',
      dataDir: '.data',
      tokenValiditySeconds: 3600,
      duplicateEvents: false,
    });
  });

  it('reads overrides from the environment', () => {
    const config = readLocalConfig({
      SHOEBOX_API_PORT: '0',
      SHOEBOX_S3_PORT: '14568',
      SHOEBOX_DATA_DIR: '/tmp/shoebox',
      SHOEBOX_BUCKET_NAME: 'other-bucket',
      SHOEBOX_TOKEN_VALIDITY_SECONDS: '300',
      SHOEBOX_LOCAL_HOST: 'localhost',
    });

    expect(config.apiPort).toBe(0);
    expect(config.s3Port).toBe(14568);
    expect(config.dataDir).toBe('/tmp/shoebox');
    expect(config.bucketName).toBe('other-bucket');
    expect(config.tokenValiditySeconds).toBe(300);
    expect(config.host).toBe('localhost');
  });

  it.each(['-1', '65536', '80.5', 'http'])('rejects port %s', (value) => {
    expect(() => readLocalConfig({ SHOEBOX_COGNITO_PORT: value })).toThrow(
      `SHOEBOX_COGNITO_PORT is "${value}", but a port must be a whole ` +
        'number from 0 to 65535; unset it to use 9229.',
    );
  });

  it('reads duplicate event delivery', () => {
    const config = readLocalConfig({ SHOEBOX_DUPLICATE_EVENTS: 'true' });

    expect(config.duplicateEvents).toBe(true);
  });

  it('rejects a duplicate events value other than true or false', () => {
    expect(() => readLocalConfig({ SHOEBOX_DUPLICATE_EVENTS: 'yes' })).toThrow(
      'SHOEBOX_DUPLICATE_EVENTS is "yes", but it must be true or false; ' +
        'unset it to use the default false.',
    );
  });

  it('rejects a lifetime of zero', () => {
    expect(() =>
      readLocalConfig({ SHOEBOX_TOKEN_VALIDITY_SECONDS: '0' }),
    ).toThrow('SHOEBOX_TOKEN_VALIDITY_SECONDS is "0"');
  });

  it('rejects a host beyond loopback', () => {
    expect(() => readLocalConfig({ SHOEBOX_LOCAL_HOST: '0.0.0.0' })).toThrow(
      'binds only to loopback',
    );
  });
});

describe('isLoopbackHost', () => {
  it.each(['127.0.0.1', '127.1.2.3', '::1', 'localhost'])(
    'accepts %s',
    (host) => {
      expect(isLoopbackHost(host)).toBe(true);
    },
  );

  it.each(['0.0.0.0', '192.168.1.2', '::', 'example.com', '128.0.0.1'])(
    'rejects %s',
    (host) => {
      expect(isLoopbackHost(host)).toBe(false);
    },
  );
});
