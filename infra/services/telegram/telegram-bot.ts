// The Telegram control bot: grammY's Bot on long polling (no public URL needed on a self-hosted
// box), deny-by-default chat filter first, then the commands, each answered through the same
// services the gateway and the CLI use. start() returns once polling runs; stop() ends it cleanly
// (grammY confirms the last updates so a restart does not replay them).
import { Bot, GrammyError, HttpError, type Context } from 'grammy';
import { channelName } from '../../../core/config/notification-config-schema';
import { redactor } from '../../adapters/notify/channel-secrets';
import { signalSession } from '../sessions/session-signals';
import { authorisedChats } from './authorised-chats';
import type { TelegramBotDeps } from './bot-deps';
import type { BotReply } from './bot-reply';
import { botCommands } from './command-list';
import { words } from './command-args';
import { KILL_CANCEL, KILL_CONFIRM } from './commands/kill';
import { KillConfirmations } from './kill-confirmations';
import { replyForError } from './reply-error';

export interface TelegramBot {
  /** Checks the token (getMe), registers the command menu, starts polling; resolves once it polls. */
  start(): Promise<void>;
  /** Stops polling and waits for the update being handled. */
  stop(): Promise<void>;
  /** Resolves when polling ends (stop(), or a fatal error such as a revoked token, which it rejects with). */
  readonly done: Promise<void>;
}

/** A refused token or an unreachable Bot API, in one line without the token. */
export class TelegramBotError extends Error {
  override readonly name = 'TelegramBotError';
  constructor(
    message: string,
    /** Telegram's error code when it answered (401: the token is refused; restarting cannot help). */
    readonly status?: number,
  ) {
    super(message);
  }
}

export interface TelegramBotOptions {
  /** Seconds a getUpdates request waits for an update (Telegram's long-poll timeout). */
  pollTimeoutS?: number;
}

export function createTelegramBot(deps: TelegramBotDeps, opts: TelegramBotOptions = {}): TelegramBot {
  const name = channelName(deps.channel);
  const redact = redactor([deps.token]);
  const log = (line: string) => deps.log(redact(line));
  const bot = new Bot(deps.token, { client: { apiRoot: deps.channel.apiRoot } });
  const confirmations = new KillConfirmations(deps.now);
  const commands = botCommands(confirmations);

  const send = async (ctx: Context, r: BotReply | string) => {
    const reply = typeof r === 'string' ? { text: r } : r;
    await ctx.reply(reply.text, reply.keyboard ? { reply_markup: reply.keyboard } : {});
  };

  bot.use(authorisedChats(deps.channel.chatIds, log));

  for (const c of commands) {
    bot.command(c.name, async (ctx) => {
      let answer: BotReply | string;
      try {
        answer = await c.run({ args: words(ctx.match), chatId: String(ctx.chat.id) }, deps);
      } catch (e) {
        answer = replyForError(c.name, e, log, redact);
      }
      await send(ctx, answer);
    });
  }

  bot.callbackQuery(/^kill-(yes|no):([0-9a-f]+)$/, async (ctx) => {
    const chatId = String(ctx.chat?.id);
    const nonce = ctx.match[2];
    if (ctx.callbackQuery.data.startsWith(KILL_CANCEL)) {
      const cancelled = confirmations.cancel(nonce, chatId);
      await ctx.answerCallbackQuery({ text: cancelled ? 'cancelled' : 'nothing to cancel' });
      if (cancelled) await ctx.editMessageText('kill cancelled: nothing was sent');
      return;
    }
    if (!ctx.callbackQuery.data.startsWith(KILL_CONFIRM)) return;
    const sessionId = confirmations.take(nonce, chatId);
    if (!sessionId) {
      await ctx.answerCallbackQuery({ text: 'this confirmation expired or was used: send /kill again' });
      return;
    }
    let text: string;
    try {
      await signalSession(deps.prisma, () => deps.temporal(), sessionId, 'kill', `telegram /kill from chat ${chatId}`);
      text = `kill sent to session ${sessionId}: its orders are cancelled and its positions closed`;
    } catch (e) {
      text = replyForError('kill', e, log, redact);
    }
    await ctx.answerCallbackQuery({ text: text.slice(0, 190) });
    await ctx.editMessageText(text);
  });

  bot.on('message:text', async (ctx) => {
    const command = /^\/([A-Za-z0-9_]{1,32})/.exec(ctx.message.text);
    if (command) await send(ctx, `unknown command /${command[1]}: /help lists them`);
  });

  bot.catch((e) => {
    log(`telegram: an update failed: ${(e.error instanceof Error ? e.error.message : String(e.error)).split('\n')[0]}`);
  });

  let resolveDone!: () => void;
  let rejectDone!: (e: Error) => void;
  const done = new Promise<void>((res, rej) => {
    resolveDone = res;
    rejectDone = rej;
  });
  // A caller that never awaits `done` must not see an unhandled rejection.
  done.catch(() => {});

  const failure = (what: string, e: unknown): TelegramBotError => {
    if (e instanceof GrammyError)
      return new TelegramBotError(
        redact(
          `telegram channel "${name}": ${what}: Telegram answered ${e.error_code} ${e.description}${e.error_code === 401 ? ` (check the token in $${deps.channel.botTokenEnv})` : ''}`,
        ),
        e.error_code,
      );
    if (e instanceof HttpError)
      return new TelegramBotError(
        redact(`telegram channel "${name}": ${what}: ${deps.channel.apiRoot} could not be reached`),
      );
    return new TelegramBotError(redact(`telegram channel "${name}": ${what}: ${(e as Error).message}`));
  };

  let started = false;
  return {
    done,
    async start() {
      started = true;
      try {
        await bot.init();
        await bot.api.setMyCommands(commands.map((c) => ({ command: c.name, description: c.description })));
      } catch (e) {
        const err = failure('could not start the bot', e);
        // Polling never began: whoever waits on `done` (or stop()) learns it now.
        rejectDone(err);
        throw err;
      }
      await new Promise<void>((resolve, reject) => {
        bot
          .start({
            allowed_updates: ['message', 'callback_query'],
            ...(opts.pollTimeoutS !== undefined ? { timeout: opts.pollTimeoutS } : {}),
            onStart: () => resolve(),
          })
          .then(resolveDone, (e: unknown) => {
            const err = failure('polling stopped', e);
            reject(err);
            rejectDone(err);
          });
      });
      log(`telegram: control bot @${bot.botInfo.username} answers ${deps.channel.chatIds.length} chat(s)`);
    },
    async stop() {
      if (!started) return resolveDone();
      if (bot.isRunning()) await bot.stop();
      await done.catch(() => {});
    },
  };
}
