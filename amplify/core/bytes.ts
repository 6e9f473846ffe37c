/**
 * Byte counts for people. Shoebox shows sizes in binary multiples with IEC
 * symbols (1 KiB = 1024 bytes), the unit its caps are set in, so the meter,
 * the rejection messages and the settings all read the same number.
 */

const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'] as const;
const step = 1024;

/**
 * Formats a byte count with one decimal in the largest unit that keeps the
 * number at or above 1, e.g. `formatBytes(12_582_912)` is `"12.0 MiB"`.
 * Counts below 1 KiB are whole bytes (`"512 B"`).
 */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) {
    return `${bytes} B`;
  }

  const sign = bytes < 0 ? '-' : '';
  let value = Math.abs(bytes);
  if (value < step) {
    return `${sign}${Math.round(value)} B`;
  }

  let unitIndex = 0;
  // Compare the value as it will be shown, so that 1023.96 KiB reads
  // "1.0 MiB" rather than "1024.0 KiB".
  while (roundToTenth(value) >= step && unitIndex < units.length - 1) {
    value /= step;
    unitIndex += 1;
  }

  return `${sign}${value.toFixed(1)} ${units[unitIndex]}`;
}

function roundToTenth(value: number): number {
  return Math.round(value * 10) / 10;
}
