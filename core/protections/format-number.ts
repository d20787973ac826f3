/** Numbers in lock reasons: at most `digits` decimals and no trailing zeros, so a limit of 10 reads "10", not "10.00". */
export function formatNumber(n: number, digits = 2): string {
  return Number.isFinite(n) ? String(Number(n.toFixed(digits))) : String(n);
}
