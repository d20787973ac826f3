// Numbers as a trader reads them in a message: prices and quantities to significant digits, money
// with a sign and two decimals, times in UTC.
export function fmtNum(n: number | undefined | null): string {
  if (n === undefined || n === null || !Number.isFinite(n)) return '-';
  const a = Math.abs(n);
  if (a >= 1000) return n.toFixed(2).replace(/\.?0+$/, '');
  return Number(n.toPrecision(6)).toString();
}

export const fmtMoney = (n: number): string => `${n >= 0 ? '+' : '-'}${Math.abs(n).toFixed(2)}`;

export const fmtTime = (ms: number): string => new Date(ms).toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
