const unitBytes = { MiB: 1024 ** 2, GiB: 1024 ** 3 } as const;

export type CapUnit = keyof typeof unitBytes;

/**
 * Converts a cap typed as a number of MiB or GiB into whole bytes. Returns
 * an error message naming the value when it is not a positive number.
 */
export function parseCap(
  amount: string,
  unit: CapUnit,
): { bytes: number } | { error: string } {
  const value = Number(amount);
  if (amount.trim() === '' || !Number.isFinite(value) || value <= 0) {
    return {
      error: `The cap "${amount}" is not a positive number of ${unit}; type a number such as 5.`,
    };
  }

  return { bytes: Math.round(value * unitBytes[unit]) };
}

/** Splits a byte count into the number and unit a cap form starts with. */
export function toCapFields(bytes: number): { amount: string; unit: CapUnit } {
  if (bytes >= unitBytes.GiB && bytes % unitBytes.MiB === 0) {
    const gib = bytes / unitBytes.GiB;
    if (Number.isInteger(gib * 100)) {
      return { amount: String(gib), unit: 'GiB' };
    }
  }

  return {
    amount: String(Math.round((bytes / unitBytes.MiB) * 100) / 100),
    unit: 'MiB',
  };
}
