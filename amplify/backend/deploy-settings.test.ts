import { describe, expect, it } from 'vitest';
import { defaultAppOrigins, readDeploySettings } from './deploy-settings';

describe('readDeploySettings', () => {
  it('uses the default origins when none are set', () => {
    const settings = readDeploySettings({});

    expect(settings.appOrigins).toEqual(defaultAppOrigins);
  });

  it('uses the default origins for a blank list', () => {
    const settings = readDeploySettings({ SHOEBOX_APP_ORIGINS: ' , ' });

    expect(settings.appOrigins).toEqual(defaultAppOrigins);
  });

  it('splits origins at commas and trims them', () => {
    const settings = readDeploySettings({
      SHOEBOX_APP_ORIGINS: 'https://photos.example.com , http://[::1]:5173',
    });

    expect(settings.appOrigins).toEqual([
      'https://photos.example.com',
      'http://[::1]:5173',
    ]);
  });

  it.each([
    ['a trailing slash', 'https://photos.example.com/'],
    ['a path', 'https://example.com/photos'],
    ['no scheme', 'photos.example.com'],
    ['upper case', 'https://Photos.example.com'],
    ['a default port', 'https://photos.example.com:443'],
  ])('rejects an origin with %s', (_, origin) => {
    expect(() =>
      readDeploySettings({ SHOEBOX_APP_ORIGINS: origin }),
    ).toThrowError(`SHOEBOX_APP_ORIGINS contains "${origin}"`);
  });

  it('sets no limit overrides when no limit is set', () => {
    const settings = readDeploySettings({});

    expect(settings.limitOverrides).toEqual({});
  });

  it('passes set limits through unchanged', () => {
    const settings = readDeploySettings({
      SHOEBOX_DEFAULT_CAP_BYTES: '5368709120',
      SHOEBOX_LIST_PAGE_SIZE: '',
      SHOEBOX_UNRELATED: '1',
    });

    expect(settings.limitOverrides).toEqual({
      SHOEBOX_DEFAULT_CAP_BYTES: '5368709120',
    });
  });

  it('passes the storage class through and checks it', () => {
    const settings = readDeploySettings({
      SHOEBOX_STORAGE_CLASS: 'STANDARD_IA',
    });

    expect(settings.limitOverrides).toEqual({
      SHOEBOX_STORAGE_CLASS: 'STANDARD_IA',
    });
    expect(() =>
      readDeploySettings({ SHOEBOX_STORAGE_CLASS: 'COLD' }),
    ).toThrowError('SHOEBOX_STORAGE_CLASS is "COLD"');
  });

  it('reads the sweep interval for the schedule', () => {
    const settings = readDeploySettings({
      SHOEBOX_SWEEP_INTERVAL_SECONDS: '900',
    });

    expect(settings.sweepIntervalSeconds).toBe(900);
    expect(settings.limitOverrides).toEqual({
      SHOEBOX_SWEEP_INTERVAL_SECONDS: '900',
    });
    expect(readDeploySettings({}).sweepIntervalSeconds).toBe(300);
  });

  it('rejects a limit that is not a positive whole number', () => {
    expect(() =>
      readDeploySettings({ SHOEBOX_POLICY_EXPIRY_SECONDS: '10m' }),
    ).toThrowError('SHOEBOX_POLICY_EXPIRY_SECONDS is "10m"');
  });
});
