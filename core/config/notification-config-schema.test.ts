import { formatConfigIssues } from './issues';
import { NotificationsSchema } from './notification-config-schema';

const issues = (raw: unknown) => {
  const r = NotificationsSchema.safeParse(raw);
  return r.success ? [] : formatConfigIssues(r.error);
};

test('a valid list of every channel type parses, with defaults', () => {
  const parsed = NotificationsSchema.parse([
    { type: 'telegram', botTokenEnv: 'TG', chatIds: [123456789, '-1001234567890', '@opentrade_alerts'] },
    {
      type: 'email',
      host: 'smtp.example.com',
      from: 'bot@example.com',
      to: ['me@example.com'],
      passwordEnv: 'SMTP_PW',
    },
    { type: 'ntfy', topic: 'my-bot' },
    { type: 'webhook', urlEnv: 'HOOK', secretEnv: 'HOOK_SECRET' },
    { type: 'discord', urlEnv: 'DISCORD_HOOK' },
  ]);
  expect(parsed.map((c) => c.deadlineMinutes)).toEqual([60, 60, 60, 60, 60]);
  expect(parsed[0]).toMatchObject({ apiRoot: 'https://api.telegram.org', control: true, timeoutMs: 10_000 });
});

test.each([
  [[{ type: 'telegram', botTokenEnv: 'TG', chatIds: ['12ab'] }], '0.chatIds.0'],
  [[{ type: 'telegram', botTokenEnv: 'TG', chatIds: [] }], '0.chatIds: needs at least one chat id'],
  [
    [{ type: 'telegram', botTokenEnv: 'tg-token', chatIds: [1] }],
    '0.botTokenEnv: must be an environment variable name',
  ],
  [[{ type: 'webhook', urlEnv: 'H', events: { entyr: 'on' } }], '0.events'],
  [[{ type: 'webhook', urlEnv: 'H', events: { entry: 'loud' } }], '0.events.entry'],
  [[{ type: 'email', host: 'h', from: 'not-an-address', to: ['a@b.co'] }], '0.from: must be an e-mail address'],
  [
    [
      { type: 'webhook', urlEnv: 'A' },
      { type: 'webhook', urlEnv: 'B' },
    ],
    '1.name: "webhook" is also channel 0',
  ],
  [[{ type: 'pager', url: 'x' }], '0.type'],
])('%j is refused naming the field (%s)', (raw, field) => {
  const found = issues(raw);
  expect(found.some((l) => l.startsWith(field) || l.includes(field))).toBe(true);
});

test('an unknown event name is named in the error', () => {
  expect(issues([{ type: 'webhook', urlEnv: 'H', events: { entyr: 'on' } }]).join('\n')).toContain('entyr');
});
