import { NotificationsSchema } from '../config/notification-config-schema';
import { channelEnvIssues } from './channel-env';

const channels = NotificationsSchema.parse([
  { type: 'log' },
  { type: 'telegram', botTokenEnv: 'TG_TOKEN', chatIds: [1] },
  { type: 'webhook', urlEnv: 'HOOK_URL', secretEnv: 'HOOK_SECRET' },
  { type: 'email', host: 'h', from: 'a@b.co', to: ['c@d.co'] },
]);

test('every unset or empty variable a channel names is reported with its field; set ones are not', () => {
  expect(channelEnvIssues(channels, { TG_TOKEN: '123:abc', HOOK_URL: ' ' })).toEqual([
    'notifications.2.urlEnv: names $HOOK_URL, which is not set in this environment',
    'notifications.2.secretEnv: names $HOOK_SECRET, which is not set in this environment',
  ]);
  expect(channelEnvIssues(channels, { TG_TOKEN: 't', HOOK_URL: 'http://x', HOOK_SECRET: 's' })).toEqual([]);
});
