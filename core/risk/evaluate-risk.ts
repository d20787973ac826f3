// The risk gate between the coordinator and the exchange. Hard rules first (kill switch, position
// count, macro pause, leverage cap, size cap), then dynamic sizing takes the smallest of the size
// limits, and last the venue's step and minimums (a size the venue would reject is a veto, never an
// order). Exits are reduce-only and are never blocked by entry limits: risk may always be cut.
import { exitQuantity } from './exit-quantity';
import { classifyIntent } from './intent';
import { kellySizing } from './kelly';
import { protectionLevels } from './levels';
import { mergeRiskPolicyConfig, type RiskPolicyConfig } from './risk-policy-config';
import type { RiskInput, RiskVerdict } from './risk-types';
import { validateRiskInput } from './validate-risk-input';
import { veto } from './veto';
import { fitToVenue } from './venue-limits';

const EPS = 1e-9;
const money = (x: number) => x.toFixed(2);

export function evaluateRisk(input: RiskInput, config: RiskPolicyConfig = mergeRiskPolicyConfig()): RiskVerdict {
  validateRiskInput(input);
  const { limits, sizing: cfg } = config;
  const { account, price } = input;
  const reasons: string[] = [];

  // Rule 1 — daily loss limit: evaluated on every decision, so a HOLD cycle still trips the switch.
  const pnlToday = account.realizedPnlToday + account.unrealizedPnlToday;
  const lossPct = (-pnlToday / account.dayStartEquity) * 100;
  const killSwitch = lossPct >= limits.max_daily_loss_pct;
  if (killSwitch)
    reasons.push(
      `KILL SWITCH: loss today ${lossPct.toFixed(2)}% (${money(pnlToday)}) reached the ${limits.max_daily_loss_pct}% daily limit: flatten and pause`,
    );

  const { intent, position } = classifyIntent(input);
  if (intent === 'none') return veto(intent, [`decision is HOLD: no order`, ...reasons], killSwitch, 1);

  if (intent === 'close_long' || intent === 'close_short') {
    const held = position!.quantity;
    const exit = exitQuantity(held, input.requestedQuantity, price, input.venue, input.symbol);
    const exitLeverage = Math.min(position!.leverage ?? 1, limits.max_leverage);
    if (!exit.ok) return veto(intent, [exit.reason, ...reasons], killSwitch, exitLeverage);
    const { quantity, partial } = exit;
    reasons.unshift(
      `exit: reduce-only ${partial ? 'partial' : 'full'} close of the ${position!.side} position (${quantity} of ${held}); exits are never blocked by entry limits`,
      ...exit.notes,
    );
    return {
      verdict: 'approve',
      intent,
      side: intent === 'close_long' ? 'sell' : 'buy',
      reduceOnly: true,
      quantity,
      notional: quantity * price,
      stopLoss: null,
      takeProfit: null,
      leverage: exitLeverage,
      reasons,
      killSwitch,
      sizing: {},
    };
  }

  const side = intent === 'open_long' ? 'long' : 'short';
  const requestedLeverage = input.requestedLeverage ?? 1;
  // Rule — leverage cap.
  const leverage = Math.min(requestedLeverage, limits.max_leverage);
  if (killSwitch) return veto(intent, ['no new entries after the daily loss limit', ...reasons], killSwitch, leverage);
  if (account.equity <= 0)
    return veto(intent, [`equity ${money(account.equity)} <= 0: no new entries`], killSwitch, leverage);
  if (side === 'short' && input.allowShort === false)
    return veto(intent, ['this market cannot open shorts (spot)'], killSwitch, leverage);

  // Rule — open positions limit; adding to a position already held does not open a new one.
  const openCount = input.openPositions.filter((p) => p.quantity > 0).length;
  if (!position && openCount >= limits.max_open_positions) {
    return veto(
      intent,
      [`${openCount} positions open: the limit is ${limits.max_open_positions}`],
      killSwitch,
      leverage,
    );
  }
  // Macro pause: a scheduled high-impact release can gap price through any stop.
  if (input.macroWindow) {
    const when =
      input.macroWindow.eventTime === undefined
        ? ''
        : ` at ${typeof input.macroWindow.eventTime === 'number' ? new Date(input.macroWindow.eventTime).toISOString() : input.macroWindow.eventTime}`;
    return veto(
      intent,
      [`inside the ${input.macroWindow.kind} event window${when}: no new entries`],
      killSwitch,
      leverage,
    );
  }
  if (leverage < requestedLeverage)
    reasons.push(`leverage capped: ${requestedLeverage}x requested, max ${limits.max_leverage}x`);

  // Rule — position size cap, counting what is already held on the same side.
  const heldNotional = position ? position.quantity * price : 0;
  const capNotional = (account.equity * limits.max_position_pct) / 100 - heldNotional;
  const sizing: RiskVerdict['sizing'] = { capNotional, heldNotional };
  if (capNotional <= EPS) {
    return veto(
      intent,
      [`already holding ${money(heldNotional)} of ${input.symbol}: at the ${limits.max_position_pct}% position cap`],
      killSwitch,
      leverage,
      sizing,
    );
  }
  const limitsApplied: { name: string; notional: number; why: string }[] = [
    {
      name: 'cap',
      notional: capNotional,
      why: `${limits.max_position_pct}% of equity ${money(account.equity)}${heldNotional > 0 ? ` minus ${money(heldNotional)} held` : ''}`,
    },
  ];

  // Dynamic sizing — fractional Kelly.
  const kelly = kellySizing(input.strategyStats, cfg);
  if (kelly.kind === 'no_edge')
    return veto(intent, [`Kelly: ${kelly.reason}`], killSwitch, leverage, {
      ...sizing,
      kellyFraction: kelly.fullKelly,
    });
  const kellyNotional = kelly.fraction * account.equity;
  sizing.kellyNotional = kellyNotional;
  limitsApplied.push({ name: 'kelly', notional: kellyNotional, why: `Kelly: ${kelly.reason}` });

  // Volatility targeting: one ATR against us may cost at most volTargetPct of equity.
  if (input.atr !== undefined && input.atr > 0) {
    const atrPct = input.atr / price;
    const volNotional = (account.equity * cfg.volTargetPct) / 100 / atrPct;
    sizing.volNotional = volNotional;
    limitsApplied.push({
      name: 'volatility',
      notional: volNotional,
      why: `volatility target: ATR ${(atrPct * 100).toFixed(2)}% of price, ${cfg.volTargetPct}% of equity per ATR`,
    });
  } else {
    sizing.volNotional = null;
    reasons.push('no ATR: volatility targeting skipped');
  }

  // Margin: the position must be fundable from free cash at the chosen leverage.
  const cashNotional = Math.max(0, account.cash) * leverage;
  sizing.cashNotional = cashNotional;
  limitsApplied.push({
    name: 'cash',
    notional: cashNotional,
    why: `free cash ${money(account.cash)} × ${leverage}x leverage`,
  });

  const binding = limitsApplied.reduce((a, b) => (b.notional < a.notional ? b : a));
  let notional = binding.notional;
  reasons.push(`size limit: ${binding.why} → ${money(binding.notional)}`);

  if (input.sentimentExtreme) {
    notional *= cfg.sentimentExtremeFactor;
    reasons.push(`sentiment extreme: size × ${cfg.sentimentExtremeFactor}`);
  }

  const requestedNotional = input.requestedQuantity !== undefined ? input.requestedQuantity * price : capNotional;
  if (input.requestedQuantity !== undefined && requestedNotional < notional) notional = requestedNotional;
  sizing.finalNotional = notional;

  if (notional <= EPS || notional < cfg.minNotional) {
    return veto(
      intent,
      [`size ${money(notional)} below the minimum order ${money(Math.max(cfg.minNotional, 0))}`, ...reasons],
      killSwitch,
      leverage,
      sizing,
    );
  }

  // Rounding to the venue's step is not a resize: the verdict says what the rules decided, the
  // reasons say what the step took off.
  let resized = notional < requestedNotional * (1 - 1e-9) || leverage < requestedLeverage;
  let quantity = notional / price;
  if (input.venue) {
    const venue = input.venue;
    if (venue.maxAmount !== undefined && quantity > venue.maxAmount) {
      reasons.push(`venue maximum amount ${venue.maxAmount}: size ${quantity.toPrecision(6)} capped`);
      quantity = venue.maxAmount;
      resized = true;
    }
    const fit = fitToVenue(quantity, price, venue, input.symbol);
    sizing.venueQuantity = fit.quantity;
    if (!fit.ok) return veto(intent, [fit.reason!, ...reasons], killSwitch, leverage, sizing);
    if (fit.quantity < quantity)
      reasons.push(`venue step ${venue.amountStep}: ${quantity.toPrecision(6)} truncated to ${fit.quantity}`);
    quantity = fit.quantity;
    notional = fit.notional;
    if (notional < cfg.minNotional)
      return veto(
        intent,
        [`size ${money(notional)} after the venue step below the minimum order ${money(cfg.minNotional)}`, ...reasons],
        killSwitch,
        leverage,
        sizing,
      );
  }
  const wantedStop = input.protection?.stopLossPct;
  const stopPct = Math.min(wantedStop ?? limits.stop_loss_pct, limits.stop_loss_pct);
  if (wantedStop !== undefined && wantedStop > limits.stop_loss_pct)
    reasons.push(`strategy stop ${wantedStop}% capped at the ${limits.stop_loss_pct}% limit`);
  const takePct = input.protection?.takeProfitPct ?? limits.take_profit_pct;
  const { stopLoss, takeProfit } = protectionLevels(side, price, stopPct, takePct);
  reasons.unshift(
    `${resized ? 'resize' : 'approve'}: ${intent.replace('_', ' ')} ${quantity.toPrecision(6)} at ${price} (notional ${money(notional)}, ${leverage}x); ` +
      `stop ${stopLoss.toPrecision(6)} (${stopPct}% away), take profit ${takeProfit.toPrecision(6)} (${takePct}% away)`,
  );
  return {
    verdict: resized ? 'resize' : 'approve',
    intent,
    side: side === 'long' ? 'buy' : 'sell',
    reduceOnly: false,
    quantity,
    notional,
    stopLoss,
    takeProfit,
    leverage,
    reasons,
    killSwitch,
    sizing,
  };
}
