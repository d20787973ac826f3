// Numbers as the bot writes them: money with two decimals and a sign where it is a gain or a loss.

export const money = (n: number | null | undefined): string => (n === null || n === undefined ? '?' : n.toFixed(2));

export const signed = (n: number): string => `${n > 0 ? '+' : ''}${n.toFixed(2)}`;

/** Decimal columns arrive as Prisma Decimals (or null). */
export const num = (d: { toNumber(): number } | null | undefined): number | null => (d ? d.toNumber() : null);

export const isoMinute = (d: Date): string => d.toISOString().slice(0, 16).replace('T', ' ');
