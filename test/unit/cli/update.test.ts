import { compareSemver } from '../../../cli/commands/update';

describe('compareSemver', () => {
  it.each([
    ['0.1.0', '0.1.0', 0],
    ['0.1.0', '0.2.0', -1],
    ['1.10.0', '1.9.9', 1],
    ['1.0.0-beta.1', '1.0.0', -1],
    ['1.0.0', '1.0.0-rc.1', 1],
    ['v2.0.0', '1.99.99', 1],
  ])('%s vs %s → %d', (a, b, want) => {
    expect(compareSemver(a, b)).toBe(want);
  });
});
