// `opentrade notify test|status`: send a test message to each channel (or one) and say, one line
// each, what happened; list the deliveries and what did not arrive (failed, uncertain, retrying).
import type { Command } from 'commander';
import { channelName } from '../../core/config/notification-config-schema';
import { NotFoundError, RefusedError, ValidationError } from '../../core/errors';
import { createNotificationRepository } from '../../infra/adapters/db/repositories/notifications';
import { repositoryDb } from '../../infra/adapters/db/repositories/repository-db';
import { testChannels } from '../../infra/services/notify/test-channels';
import { loadConfig } from '../../infra/stack/config/load';
import { printJson, printLine } from '../util/output';
import { runAction } from '../util/run-action';
import { withDatabase } from './data';

function limitOption(text: string | undefined): number {
  if (text === undefined) return 20;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 1000)
    throw new ValidationError(`--limit "${text}" is not a whole number from 1 to 1000`);
  return n;
}

export function registerNotifyCommand(program: Command): void {
  const notify = program
    .command('notify')
    .description('notification channels: send a test message, see what was delivered');

  notify
    .command('test')
    .description('send a test message to every channel (or one) now and print what each did')
    .option('--channel <name>', 'only this channel (its name, or its type when it has none)')
    .option('--json', 'print one object per channel')
    .action(
      runAction(async (opts: { channel?: string; json?: boolean }) => {
        const config = loadConfig();
        const names = config.notifications.map(channelName);
        if (opts.channel && !names.includes(opts.channel))
          throw new NotFoundError(`no notification channel named "${opts.channel}"`, {
            hint: names.length ? `channels: ${names.join(', ')}` : 'add one under "notifications" in the config',
          });
        const results = await testChannels(config.notifications, process.env, {
          mode: 'send',
          only: opts.channel,
          log: (l) => printLine(l),
        });
        if (opts.json) printJson(results);
        else for (const r of results) printLine(`${r.ok ? 'ok  ' : 'FAIL'} ${r.channel} (${r.type}): ${r.detail}`);
        const failed = results.filter((r) => !r.ok);
        if (failed.length)
          throw new RefusedError(`${failed.length} of ${results.length} channel(s) could not send`, {
            hint: 'fix what each line above names, then run `opentrade notify test` again',
          });
      }),
    );

  notify
    .command('status')
    .description('recent deliveries per channel, and every message that did not arrive')
    .option('--limit <n>', 'deliveries to list (default 20)')
    .option('--problems', 'only failed, uncertain and still-retrying deliveries')
    .option('--channel <name>', 'only this channel')
    .option('--json', 'print {counts, deliveries}')
    .action(
      runAction(async (opts: { limit?: string; problems?: boolean; channel?: string; json?: boolean }) => {
        const limit = limitOption(opts.limit);
        await withDatabase(async (prisma) => {
          const repo = createNotificationRepository(repositoryDb({ prisma }));
          const since = Date.now() - 86_400_000;
          const [counts, rows] = await Promise.all([
            repo.counts(since),
            repo.list({ limit, problems: opts.problems, channel: opts.channel }),
          ]);
          if (opts.json) return printJson({ since: new Date(since).toISOString(), counts, deliveries: rows });
          const byChannel = new Map<string, string[]>();
          for (const c of counts)
            byChannel.set(c.channel, [...(byChannel.get(c.channel) ?? []), `${c.count} ${c.status}`]);
          printLine(byChannel.size ? 'last 24 h:' : 'no deliveries in the last 24 h');
          for (const [ch, parts] of byChannel) printLine(`  ${ch}: ${parts.join(', ')}`);
          for (const r of rows)
            printLine(
              `${r.createdAt.toISOString()}  ${r.channel.padEnd(12)} ${r.status.padEnd(9)} ${r.event.padEnd(18)} ${r.title}${r.lastError && r.status !== 'sent' ? `  — ${r.lastError}` : ''}`,
            );
        });
      }),
    );
}
