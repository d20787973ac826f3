// The control bot's commands, in the order /help and Telegram's command menu show them.
import type { BotCommand } from './bot-command';
import { backtestCommand } from './commands/backtest';
import { balanceCommand } from './commands/balance';
import { dailyCommand } from './commands/daily';
import { forceExitCommand } from './commands/forceexit';
import { helpCommand } from './commands/help';
import { killCommand } from './commands/kill';
import { positionsCommand } from './commands/positions';
import { profitCommand } from './commands/profit';
import { sessionsCommand } from './commands/sessions';
import { pauseCommand, resumeCommand, stopCommand } from './commands/signal-commands';
import { statusCommand } from './commands/status';
import { tradesCommand } from './commands/trades';
import type { KillConfirmations } from './kill-confirmations';

export function botCommands(confirmations: KillConfirmations): BotCommand[] {
  const list: BotCommand[] = [
    statusCommand,
    positionsCommand,
    balanceCommand,
    profitCommand,
    dailyCommand,
    tradesCommand,
    sessionsCommand,
    pauseCommand,
    resumeCommand,
    stopCommand,
    killCommand(confirmations),
    forceExitCommand,
    backtestCommand,
  ];
  list.push(helpCommand(() => list));
  return list;
}
