import { describe, expect, it } from 'vitest';

import { defaultSettings, readSettings } from './settings';

const required = {
  SHOEBOX_TABLE_NAME: 'shoebox',
  SHOEBOX_BUCKET_NAME: 'shoebox-files',
};

describe('readSettings', () => {
  it('uses the defaults when only names are set', () => {
    const settings = readSettings(required);

    expect(settings).toEqual({
      ...defaultSettings,
      tableName: 'shoebox',
      bucketName: 'shoebox-files',
    });
  });

  it('splits SHOEBOX_ALLOWED_ORIGINS on commas and trims', () => {
    const settings = readSettings({
      ...required,
      SHOEBOX_ALLOWED_ORIGINS: ' https://a.example , https://b.example,',
    });

    expect(settings.allowedOrigins).toEqual([
      'https://a.example',
      'https://b.example',
    ]);
  });

  it('reads a known storage class', () => {
    const settings = readSettings({
      ...required,
      SHOEBOX_STORAGE_CLASS: 'STANDARD_IA',
    });

    expect(settings.storageClass).toBe('STANDARD_IA');
  });

  it('rejects an unknown storage class, naming it', () => {
    expect(() =>
      readSettings({ ...required, SHOEBOX_STORAGE_CLASS: 'COLD' }),
    ).toThrow(/SHOEBOX_STORAGE_CLASS is "COLD", but it must be one of/);
  });

  it('rejects a cap that is not a whole number', () => {
    expect(() =>
      readSettings({ ...required, SHOEBOX_DEFAULT_CAP_BYTES: '1.5' }),
    ).toThrow(/SHOEBOX_DEFAULT_CAP_BYTES is "1.5"/);
  });

  it('requires the table name', () => {
    expect(() => readSettings({ SHOEBOX_BUCKET_NAME: 'b' })).toThrow(
      /SHOEBOX_TABLE_NAME is not set/,
    );
  });
});
