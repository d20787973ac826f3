// `opentrade strategy evolve --decide`: a bad mode is refused by name, with the valid ones, before
// anything is asked of the database or Temporal; a pipeline mode carries the session risk limits.
import { evolveAction, requestFromFlags, type StrategyCliContext } from '../../../cli/commands/strategy-evolve';
import { RiskLimitsSchema } from '../../../core/config/schema';
import { ValidationError } from '../../../core/errors';

const flags = { exchange: 'sim', symbol: 'BTC/USDT', timeframe: '1h' };
const limits = RiskLimitsSchema.parse({ max_position_pct: 7 });

describe('--decide', () => {
  it('is refused, naming the flag and the valid modes, before any workflow or database call', async () => {
    const touched: string[] = [];
    const ctx: StrategyCliContext = {
      client: async () => {
        touched.push('temporal');
        throw new Error('no Temporal in this test');
      },
      prisma: () => {
        touched.push('database');
        throw new Error('no database in this test');
      },
      out: () => undefined,
      err: () => undefined,
    };
    const run = evolveAction('ema-cross', { ...flags, decide: 'pipeline' }, ctx);
    await expect(run).rejects.toBeInstanceOf(ValidationError);
    await expect(run).rejects.toThrow('--decide must be one of strategy-only, strategy, ensemble, got "pipeline"');
    expect(touched).toEqual([]);
  });

  it('strategy-only (or no flag) leaves the request as it always was', () => {
    const plain = requestFromFlags('ema-cross', flags, limits);
    expect(plain).not.toHaveProperty('decide');
    expect(plain).not.toHaveProperty('riskLimits');
    expect(requestFromFlags('ema-cross', { ...flags, decide: 'strategy-only' }, limits)).toEqual(plain);
  });

  it.each(['strategy', 'ensemble'])('%s asks for that mode under the configured risk limits', (mode) => {
    expect(requestFromFlags('ema-cross', { ...flags, decide: mode }, limits)).toMatchObject({
      decide: mode,
      riskLimits: limits,
    });
    expect(requestFromFlags('ema-cross', { ...flags, decide: mode })).not.toHaveProperty('riskLimits');
  });

  it('the help says what each mode costs', async () => {
    const { Command } = await import('commander');
    const { registerStrategyCommand } = await import('../../../cli/commands/strategy');
    const program = new Command();
    registerStrategyCommand(program);
    const evolve = program.commands.find((c) => c.name() === 'strategy')!.commands.find((c) => c.name() === 'evolve')!;
    const help = evolve.helpInformation().replace(/\s+/g, ' ');
    expect(help).toMatch(/--decide <mode>.*strategy-only \(default.*strategy or ensemble.*30-300x slower per candle/);
  });
});
