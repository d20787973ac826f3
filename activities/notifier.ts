// The notification publisher an activity uses: the one wired into the deps, else one that starts
// delivery workflows with the activity's own Temporal client (every activity has one), so any worker
// delivers what its config asks for without more wiring.
import { Context } from '@temporalio/activity';
import {
  createNotificationPublisher,
  type NotificationPublisher,
} from '../infra/services/notify/notification-publisher';
import type { ActivityDeps } from './deps';

export function activityNotifier(
  deps: Pick<ActivityDeps, 'notifier' | 'log'> & { config?: Partial<Pick<ActivityDeps['config'], 'notifications'>> },
): NotificationPublisher {
  return (
    deps.notifier ??
    createNotificationPublisher({
      channels: deps.config?.notifications ?? [],
      client: async () => Context.current().client,
      log: deps.log ?? ((line) => process.stdout.write(`${line}\n`)),
    })
  );
}
