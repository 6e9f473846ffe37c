import { describe, expect, it } from 'vitest';
import { defaultAppSettings, readAppSettings } from './settings';

describe('readAppSettings', () => {
  it('uses the defaults for an empty environment', () => {
    expect(readAppSettings({})).toEqual(defaultAppSettings);
  });

  it('reads a positive whole number', () => {
    const settings = readAppSettings({ VITE_SHOEBOX_UPLOAD_CONCURRENCY: '2' });

    expect(settings.uploadConcurrency).toBe(2);
  });

  it.each(['0', '-1', '1.5', 'four'])('rejects %s', (value) => {
    expect(() =>
      readAppSettings({ VITE_SHOEBOX_CONFIRM_TIMEOUT_MS: value }),
    ).toThrow(
      `VITE_SHOEBOX_CONFIRM_TIMEOUT_MS is "${value}", but it must be a positive whole number`,
    );
  });

  it.each([
    ['false', false],
    ['true', true],
  ])('reads the system file setting %s', (value, expected) => {
    const settings = readAppSettings({
      VITE_SHOEBOX_SKIP_SYSTEM_FILES: value,
    });

    expect(settings.skipSystemFiles).toBe(expected);
  });

  it('rejects a system file setting that is not true or false', () => {
    expect(() =>
      readAppSettings({ VITE_SHOEBOX_SKIP_SYSTEM_FILES: 'yes' }),
    ).toThrow(
      'VITE_SHOEBOX_SKIP_SYSTEM_FILES is "yes", but it must be true or false',
    );
  });
});
