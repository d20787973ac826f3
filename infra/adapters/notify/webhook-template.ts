// A webhook's body template: any JSON whose string values may hold {{placeholders}}, filled from the
// message. A string that is exactly one placeholder becomes the value itself (a number stays a number,
// a missing symbol becomes null); a placeholder inside other text becomes its text.
import { ChannelConfigError, type ChannelMessage } from '../../../core/notify/channel';

/** The message's own placeholders; anything else must be a field of the event being sent. */
export const TEMPLATE_PLACEHOLDERS = ['title', 'text', 'event', 'key', 'at', 'level', 'symbol', 'sessionId'] as const;

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;
const EXACT = /^\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}$/;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

type Value = string | number | boolean | null;

/** Every string inside a JSON value, wherever it sits. */
function* strings(v: unknown): Generator<string> {
  if (typeof v === 'string') yield v;
  else if (Array.isArray(v)) for (const x of v) yield* strings(x);
  else if (v && typeof v === 'object') for (const x of Object.values(v)) yield* strings(x);
}

/**
 * The placeholders the template uses; a malformed one (`{{ti tle}}`, an unclosed `{{title`) is a config
 * error now. An unknown name cannot be caught here: which fields an event carries is known only when
 * it is sent.
 */
export function templatePlaceholders(channel: string, template: Record<string, unknown>): Set<string> {
  const used = new Set<string>();
  for (const s of strings(template)) {
    for (const [whole, name] of s.matchAll(PLACEHOLDER)) {
      if (!NAME.test(name)) throw new ChannelConfigError(channel, 'template', `has a malformed placeholder ${whole}`);
      used.add(name);
    }
    if (s.replace(PLACEHOLDER, '').includes('{{'))
      throw new ChannelConfigError(channel, 'template', `has an unclosed placeholder in ${JSON.stringify(s)}`);
  }
  return used;
}

/** The values the placeholders take for one message; the message's own names win over same-named fields. */
export function templateValues(m: ChannelMessage): Record<string, Value> {
  return {
    ...m.fields,
    title: m.title,
    text: m.text,
    event: m.event,
    key: m.key,
    at: new Date(m.at).toISOString(),
    level: m.level,
    symbol: m.symbol ?? null,
    sessionId: m.sessionId ?? null,
  };
}

/** The first placeholder the values lack, if any: the send fails on it rather than post a hole. */
export function missingPlaceholder(used: Set<string>, values: Record<string, Value>): string | undefined {
  return [...used].find((n) => !Object.hasOwn(values, n));
}

export function fillTemplate(v: unknown, values: Record<string, Value>): unknown {
  if (typeof v === 'string') {
    const exact = EXACT.exec(v);
    if (exact) return values[exact[1]];
    return v.replace(PLACEHOLDER, (_, name: string) => String(values[name] ?? ''));
  }
  if (Array.isArray(v)) return v.map((x) => fillTemplate(x, values));
  if (v && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fillTemplate(x, values)]));
  return v;
}
