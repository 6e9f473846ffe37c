import { describe, expect, it } from 'vitest';

import { formatBytes } from './bytes';

describe('formatBytes', () => {
  it.each([
    [0, '0 B'],
    [1, '1 B'],
    [1023, '1023 B'],
    [1024, '1.0 KiB'],
    [1536, '1.5 KiB'],
    [12 * 1024 * 1024, '12.0 MiB'],
    [Math.round(3.1 * 1024 * 1024), '3.1 MiB'],
    [10 * 1024 ** 3, '10.0 GiB'],
    [2 * 1024 ** 4, '2.0 TiB'],
  ])('formats %d bytes as %s', (bytes, expected) => {
    expect(formatBytes(bytes)).toBe(expected);
  });

  it('carries a value that rounds up into the next unit', () => {
    expect(formatBytes(1024 * 1024 - 1)).toBe('1.0 MiB');
  });

  it('keeps the sign of a negative count', () => {
    expect(formatBytes(-2048)).toBe('-2.0 KiB');
  });

  it('stays in the largest unit for huge counts', () => {
    expect(formatBytes(5 * 1024 ** 6)).toBe('5120.0 PiB');
  });
});
