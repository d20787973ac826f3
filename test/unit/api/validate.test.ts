import { z } from 'zod';
import { issuesOf, nulPath } from '../../../api/http/validate';
import { PublishEventsBodySchema } from '../../../api/routes/events-route';

describe('issuesOf', () => {
  it('gives every issue a dotted path into the input', () => {
    const schema = z.object({ a: z.object({ b: z.number() }), list: z.array(z.string()) });
    const result = schema.safeParse({ a: { b: 'x' }, list: ['ok', 3] });
    expect(result.success).toBe(false);
    expect(issuesOf(result.error!).map((i) => i.path)).toEqual(['a.b', 'list.1']);
  });

  it('uses an empty path for a problem with the whole input', () => {
    const result = z.object({}).safeParse(42);
    expect(issuesOf(result.error!)).toEqual([{ path: '', message: expect.stringMatching(/object/) }]);
  });
});

describe('PublishEventsBodySchema', () => {
  it('accepts events with any JSON data and refuses unknown fields and bad types', () => {
    expect(
      PublishEventsBodySchema.safeParse({ events: [{ type: 'backtest.progress', data: { pct: 40 } }] }).success,
    ).toBe(true);
    const bad = PublishEventsBodySchema.safeParse({
      events: [{ type: 'ok', data: 1, extra: true }, { type: '9bad' }],
      more: 1,
    });
    expect(
      issuesOf(bad.error!)
        .map((i) => i.path)
        .sort(),
    ).toEqual(['', 'events.0', 'events.1.type']);
  });
});

describe('nulPath', () => {
  it('finds a NUL in nested strings and keys, with its dotted path', () => {
    expect(nulPath({ a: 'ok', b: ['x', 'y\u0000'] })).toBe('b.1');
    expect(nulPath({ 'k\u0000': 1 })).toBe('k\u0000');
    expect(nulPath('\u0000')).toBe('');
    expect(nulPath({ a: 'fine', n: 3, z: null })).toBeUndefined();
  });
});
