import { NotificationsSchema } from '../config/notification-config-schema';
import { deliveryTargets } from './routing';

const channels = NotificationsSchema.parse([
  { type: 'log' },
  {
    type: 'webhook',
    urlEnv: 'HOOK_URL',
    events: { entry: 'silent', exit: 'off', risk_veto: 'on' },
    deadlineMinutes: 5,
  },
  { type: 'telegram', botTokenEnv: 'TG_TOKEN', chatIds: [123] },
]);

test('each channel gets its own level for the event, else the default; off channels get nothing', () => {
  expect(deliveryTargets(channels, 'entry').durable).toEqual([
    { channel: 'webhook', level: 'silent', deadlineMinutes: 5 },
    { channel: 'telegram', level: 'on', deadlineMinutes: 60 },
  ]);
  expect(deliveryTargets(channels, 'exit').durable.map((t) => t.channel)).toEqual(['telegram']);
  // risk_veto is off by default: only the channel that asked for it.
  expect(deliveryTargets(channels, 'risk_veto').durable.map((t) => t.channel)).toEqual(['webhook']);
});

test('log channels are written where the event happens, not delivered durably', () => {
  const t = deliveryTargets(channels, 'startup');
  expect(t.log.map((x) => x.channel)).toEqual(['log']);
  expect(t.durable.map((x) => x.channel)).not.toContain('log');
});
