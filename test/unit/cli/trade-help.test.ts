// `opentrade trade --help` documents the decision mode, protections and trailing stop flags with
// their valid values, and the flags parse into what validateTrade reads.
import { buildProgram } from '../../../cli/main';

const argv = ['node', 'opentrade', 'trade'];
const tradeCommand = () => {
  const program = buildProgram(argv);
  const trade = program.commands.find((c) => c.name() === 'trade');
  if (!trade) throw new Error('no trade command');
  return trade;
};

test('the help names each new flag with its valid values or range', () => {
  const help = tradeCommand().helpInformation().replace(/\s+/g, ' ');
  expect(help).toMatch(/--decide <mode> who decides trades: strategy or ensemble .*\(default: "strategy"\)/);
  expect(help).toContain('--protect <spec>');
  for (const example of [
    'stoploss-guard:lookback=60,limit=3,duration=30[,per-pair]',
    'max-drawdown:lookback=200,limit=5,duration=60,max=10',
    'cooldown:duration=5',
    'low-profit:lookback=300,limit=2,duration=60,required=-1',
  ])
    expect(help).toContain(example);
  expect(help).toMatch(/--trailing-stop <pct> .*\(> 0, <= 50\)/);
});

test('--protect repeats into a list, --decide defaults to strategy', () => {
  const trade = tradeCommand();
  trade.parseOptions(['--protect', 'cooldown:duration=5', '--protect', 'stoploss-guard:lookback=1,limit=1,duration=1']);
  expect(trade.opts()).toMatchObject({
    decide: 'strategy',
    protect: ['cooldown:duration=5', 'stoploss-guard:lookback=1,limit=1,duration=1'],
  });
  trade.parseOptions(['--decide', 'ensemble', '--trailing-stop', '3']);
  expect(trade.opts()).toMatchObject({ decide: 'ensemble', trailingStop: '3' });
});
