// Quantities and prices print without float noise, trailing zeros or exponents.
import { humanNumber } from '../../../core/format/human-number';

describe('humanNumber', () => {
  it.each([
    // the noise the CLI printed (0.00337 × 3)
    [0.010110000000000001, '0.01011'],
    [0.1 + 0.2, '0.3'],
    [42000, '42000'],
    [95123.456789, '95123.457'],
    // integer digits are never rounded away
    [123456789.12, '123456789'],
    [0.00000012, '0.00000012'],
    [-1.5, '-1.5'],
    [-0.000000000001, '-0.000000000001'],
    [0, '0'],
    [Number.NaN, 'NaN'],
  ])('%p prints as %p', (n, text) => {
    expect(humanNumber(n)).toBe(text);
  });
});
