const usd = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
});

/** Small amounts keep the digits that make them differ from $0.00. */
const smallUsd = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  maximumSignificantDigits: 2,
});

/** Formats dollars for the cost lines: `$1.24`, or `$0.0031` below a cent. */
export function formatUsd(amount: number): string {
  if (amount !== 0 && Math.abs(amount) < 0.01) {
    return smallUsd.format(amount);
  }

  return usd.format(amount);
}

/** Formats a price per GB, which is often a fraction of a cent. */
export function formatUsdPerGb(amount: number): string {
  return smallUsd.format(amount);
}
