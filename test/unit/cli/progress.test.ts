// Long CLI work shows a bar on a terminal and plain lines at most every few seconds otherwise.
import { PLAIN_EVERY_MS, progress } from '../../../cli/util/progress';

function stream(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, out: { isTTY, write: (t: string) => writes.push(t) } };
}

test('on a terminal: one bar redrawn in place, only when it changes, and its line ended once', () => {
  const { writes, out } = stream(true);
  const p = progress(out);
  p.update(0.5, 'chunk 2/4');
  p.update(0.5, 'chunk 2/4');
  p.update(1, 'done');
  p.done();
  expect(writes).toEqual([
    `\r[${'#'.repeat(15)}${'.'.repeat(15)}]  50 % chunk 2/4`,
    `\r[${'#'.repeat(30)}] 100 % done     `,
    '\n',
  ]);
});

test('not on a terminal: short work prints nothing, long work a plain line every few seconds', () => {
  const { writes, out } = stream(false);
  let t = 0;
  const p = progress(out, () => t);
  p.update(0.1, 'generation 1/20');
  t = PLAIN_EVERY_MS - 1;
  p.update(0.2, 'generation 2/20');
  expect(writes).toEqual([]);
  t = PLAIN_EVERY_MS;
  p.update(0.3, 'generation 3/20');
  t += 1_000;
  p.update(0.4, 'generation 4/20');
  t += PLAIN_EVERY_MS;
  p.update(0.55);
  p.done();
  expect(writes).toEqual(['30 % generation 3/20\n', '55 %\n']);
});

test('a fraction out of range or not a number is clamped, never a broken bar', () => {
  const { writes, out } = stream(true);
  const p = progress(out);
  p.update(Number.NaN);
  p.update(7);
  expect(writes[0]).toContain('  0 %');
  expect(writes[1]).toContain('100 %');
});
