// The gateway's numbers: a decimal column's float noise does not reach a client, its real digits do.
import { Prisma } from '../../../infra/adapters/db';
import { plainJson } from '../../../api/http/plain-json';

test('a stored quantity with float noise reads as the number it stands for', () => {
  expect(plainJson({ quantity: new Prisma.Decimal('0.010110000000000001') })).toEqual({ quantity: 0.01011 });
});

test('every digit a venue step or price tick has is kept', () => {
  const row = {
    size: new Prisma.Decimal('0.00000123'),
    price: new Prisma.Decimal('64123.45678901'),
    big: new Prisma.Decimal('123456789012.345'),
  };
  expect(plainJson(row)).toEqual({ size: 0.00000123, price: 64123.45678901, big: 123456789012.345 });
});

test('dates are ISO strings, bigints numbers, nulls null, bytes dropped', () => {
  expect(plainJson({ at: new Date(Date.UTC(2026, 0, 1)), n: BigInt(7), none: null, raw: new Uint8Array([1]) })).toEqual(
    {
      at: '2026-01-01T00:00:00.000Z',
      n: 7,
      none: null,
    },
  );
});
