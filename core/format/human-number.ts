// Quantities and prices as a person reads them. Binary floats carry noise (0.01011 is stored as
// 0.010110000000000001), and the venue's precision is not known everywhere a number is printed, so
// this keeps 8 significant digits (more than any venue's step needs for a human to read), never
// drops integer digits, and writes no trailing zeros and no exponent.

const SIGNIFICANT = 8;
// toFixed accepts at most 100 decimals.
const MAX_DECIMALS = 100;

export function humanNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (n === 0) return '0';
  const magnitude = Math.floor(Math.log10(Math.abs(n)));
  const decimals = Math.min(MAX_DECIMALS, Math.max(0, SIGNIFICANT - 1 - magnitude));
  const fixed = n.toFixed(decimals);
  const trimmed = fixed.includes('.') ? fixed.replace(/0+$/, '').replace(/\.$/, '') : fixed;
  return trimmed === '-0' ? '0' : trimmed;
}
