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

  it('reads the sweep interval in seconds', () => {
    const settings = readSettings({
      ...required,
      SHOEBOX_SWEEP_INTERVAL_SECONDS: '60',
    });

    expect(settings.sweepIntervalSeconds).toBe(60);
    expect(() =>
      readSettings({ ...required, SHOEBOX_SWEEP_INTERVAL_SECONDS: '0' }),
    ).toThrowError('SHOEBOX_SWEEP_INTERVAL_SECONDS is "0"');
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

  it('turns a lifecycle transition off with 0', () => {
    const settings = readSettings({
      ...required,
      SHOEBOX_ARCHIVE_INSTANT_AFTER_DAYS: '0',
      SHOEBOX_DEEP_ARCHIVE_AFTER_DAYS: '365',
    });

    expect(settings.lifecycleTransitions).toEqual([
      { afterDays: 30, storageClass: 'STANDARD_IA' },
      { afterDays: 365, storageClass: 'DEEP_ARCHIVE' },
    ]);
  });

  it('rejects STANDARD_IA before day 30', () => {
    expect(() =>
      readSettings({ ...required, SHOEBOX_INFREQUENT_AFTER_DAYS: '7' }),
    ).toThrow(/SHOEBOX_INFREQUENT_AFTER_DAYS is 7/);
  });

  it('rejects an archive transition too soon after STANDARD_IA', () => {
    expect(() =>
      readSettings({ ...required, SHOEBOX_ARCHIVE_INSTANT_AFTER_DAYS: '45' }),
    ).toThrow(/GLACIER_IR transition on day 45/);
  });

  it('merges SHOEBOX_PRICES into the list prices', () => {
    const settings = readSettings({
      ...required,
      SHOEBOX_PRICES: '{"GLACIER_IR":{"storageUsdPerGbMonth":0.005}}',
    });

    expect(settings.prices.GLACIER_IR.storageUsdPerGbMonth).toBe(0.005);
    expect(settings.prices.STANDARD.storageUsdPerGbMonth).toBe(0.023);
    expect(settings.arePricesOverridden).toBe(true);
  });

  it('rejects SHOEBOX_PRICES that is not JSON', () => {
    expect(() =>
      readSettings({ ...required, SHOEBOX_PRICES: '{cheap}' }),
    ).toThrow(/SHOEBOX_PRICES is not valid JSON/);
  });
});
