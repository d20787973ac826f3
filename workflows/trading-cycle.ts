// tradingCycle: one decision on one candle close. snapshot → five analysts in parallel (a failing or
// slow one abstains) → coordinator → risk → entry order → exchange-side SL/TP → post-trade check →
// record, which announces the cycle. After each side effect the undo is pushed on a compensation
// stack; an SL/TP failure, a post-trade veto or a recording failure unwinds it (cancel the cycle's
// orders, flatten what it opened). Every order id derives from this workflow's id, so nothing is ever
// placed twice. The starter sets the cycle's search attributes (cycleSearchAttributes); the cycle adds
// its decision.
import {
  proxyActivities,
  proxyLocalActivities,
  setCurrentDetails,
  upsertSearchAttributes,
  workflowInfo,
  type ActivityOptions,
  type LocalActivityOptions,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { ExecutedOrder } from '../activities/execution';
import { abstain, AGENT_NAMES, type AgentName, type AgentSignal } from '../core/agents/signal';
import { timeframeToMs } from '../core/candles/timeframe';
import { mergeCoordinatorConfig } from '../core/coordinator/coordinator-config';
import { cycleVerdict } from '../core/pipeline/cycle-verdict';
import { decideTrade, entryToReview } from '../core/pipeline/decide';
import { DEFAULT_DECISION_MODE } from '../core/pipeline/decision-mode';
import { postTradeCheck } from '../core/pipeline/post-trade-check';
import { initialTrailingStop } from '../core/exits/session-trailing-stop';
import { coordinatorDecision, coordinatorIsHeard } from '../core/pipeline/model-decision';
import { isReviewableEntry, reviewCycleVerdict } from '../core/pipeline/risk-review';
import type { BudgetExhausted } from '../core/llm/budget';
import { traceLine } from '../core/llm/llm-trace';
import type { ModelRead } from '../core/llm/read-answer';
import { ALL_DETERMINISTIC } from '../core/llm/roles';
import {
  cycleAgent,
  cycleCompensation,
  cycleOrder,
  cycleRecord,
  cycleSnapshot,
  llmCallOptions,
} from './activity-options';
import { CompensationStack } from './compensation';
import { trailSessionStop } from './cycle-trailing-stop';
import { renderCycleDetails, type CycleStory } from './cycle-details';
import { failureMessage } from './failure-message';
import { recordedNote } from './cycle-result';
import { SEARCH_ATTRIBUTE_KEYS } from './definitions';
import { DEFAULT_EXECUTION_LIMITS, type TradingCycleInput, type TradingCycleResult } from './trading-contract';

type A = Activities;
const act = <K extends keyof A>(options: ActivityOptions, summary?: string) =>
  proxyActivities<Pick<A, K>>(summary ? { ...options, summary } : options);
const local = <K extends keyof A>(options: LocalActivityOptions, summary?: string) =>
  proxyLocalActivities<Pick<A, K>>(summary ? { ...options, summary } : options);

interface Protection {
  kind: 'stop_loss' | 'take_profit' | 'trailing_stop';
  /** The order's name (its clientOrderId's code) and what compensation cancels. */
  purpose: 'stop_loss' | 'take_profit' | 'trailing_stop';
  trigger: number;
  trailingPercent?: number;
}

/**
 * The entry's stop when the session trails it: starting at the tighter of risk's stop and the trail
 * from the fill. The venue keeps it where it can (a trailing order); elsewhere it is a plain stop the
 * later cycles move (trailSessionStop), named a trailing stop once the trail is the tighter.
 */
async function trailingStopProtection(
  ref: { sessionId: string; mode: TradingCycleInput['mode']; exchange: string; symbol: string },
  side: 'buy' | 'sell',
  fill: number,
  fixedStop: number | null,
  pct: number,
): Promise<Protection> {
  const venue = await act<'trailingStopVenue'>(cycleOrder, 'trailing stop: venue').trailingStopVenue({
    sessionId: ref.sessionId,
    mode: ref.mode,
    exchange: ref.exchange,
    symbol: ref.symbol,
  });
  const start = initialTrailingStop(side === 'buy' ? 'long' : 'short', fill, fixedStop, pct);
  if (venue.exchangeSide)
    return { kind: 'trailing_stop', purpose: 'trailing_stop', trigger: start.level, trailingPercent: pct };
  return { kind: 'stop_loss', purpose: start.trailing ? 'trailing_stop' : 'stop_loss', trigger: start.level };
}

export async function tradingCycle(input: TradingCycleInput): Promise<TradingCycleResult> {
  const cycleId = workflowInfo().workflowId;
  const story: CycleStory = { input, orders: [], notes: [] };
  const show = () => setCurrentDetails(renderCycleDetails(story));
  show();

  // 1. What the market looks like at this candle's close (stored in Redis; a summary comes back).
  const snap = await local<'buildSnapshot'>(cycleSnapshot).buildSnapshot(input, cycleId);
  story.snapshot = snap.summary;

  // 2. The analysts, in parallel, each on its own clock: the rules locally, a model as a regular
  // activity of its own (a slow or failing one abstains; the cycle never fails because a model did).
  const llm = input.llm;
  const modes = llm?.agents ?? ALL_DETERMINISTIC;
  const llmRef = llm && { cycleId, sessionId: input.sessionId, snapshotKey: snap.key, llm };
  const budgets: BudgetExhausted[] = [];
  story.models = [];
  const modelLine = (line: string) => {
    story.models!.push(line);
    show();
  };
  const decideMode = input.decide ?? DEFAULT_DECISION_MODE;
  const rules = (name: AgentName) =>
    local<'runAgent'>(cycleAgent, `agent: ${name}`)
      .runAgent(name, snap.key)
      .catch((e: unknown) => abstain(name, `agent failed or timed out: ${failureMessage(e)}`, { failed: true }));
  // In strategy mode the analysts only review an entry the strategy asks for: on the other candles
  // (most of them) a model's answer could change nothing, so it is not asked and the rules report.
  // The strategy's own signal there is its code's advice, whoever would read it.
  const strategyFirst = llmRef && decideMode === 'strategy' ? await rules('strategy') : undefined;
  const held = snap.summary.position && snap.summary.position.quantity > 0 ? snap.summary.position.side : null;
  const reviewing = !strategyFirst || entryToReview(strategyFirst, held, input.pendingEntry) !== null;
  const signals: AgentSignal[] = await Promise.all(
    AGENT_NAMES.map((name: AgentName) => {
      if (name === 'strategy' && strategyFirst) return strategyFirst;
      if (modes[name] === 'deterministic' || !llmRef || !reviewing) return rules(name);
      return act<'llmAnalyst'>(
        llmCallOptions(llmRef.llm),
        `agent: ${name} (${modes[name]}, ${llmRef.llm.models[name]})`,
      )
        .llmAnalyst({ ...llmRef, agent: name })
        .then((r) => {
          if (r.budget) budgets.push(r.budget);
          const trace = r.signal.data.llm as Parameters<typeof traceLine>[1] | undefined;
          if (trace) modelLine(traceLine(name, trace, r.signal.reasoning));
          return r.signal;
        })
        .catch((e: unknown) => abstain(name, `model call failed: ${failureMessage(e)}`, { failed: true }));
    }),
  );
  story.signals = signals;
  show();

  // 3. Decision (in the session's mode) and 4. risk: pure core code, the pipeline backtest's too.
  let decision = decideTrade(
    signals,
    decideMode,
    mergeCoordinatorConfig(input.coordinator ?? {}),
    snap.summary.position,
    input.pendingEntry,
  );
  if (
    llmRef &&
    modes.coordinator !== 'deterministic' &&
    coordinatorIsHeard(decision, modes.coordinator, decideMode, snap.summary.position)
  ) {
    const { signals: _all, ...ensemble } = decision;
    const rounds = llmRef.llm.debateRounds;
    const res = await act<'llmCoordinate'>(
      llmCallOptions(llmRef.llm, 1 + 2 * rounds),
      `coordinator (${modes.coordinator}, ${llmRef.llm.models.coordinator}${rounds ? `, ${rounds} debate rounds` : ''})`,
    )
      .llmCoordinate({ ...llmRef, signals, ensemble })
      .catch((e: unknown) => ({
        read: { ok: false as const, reason: `model call failed: ${failureMessage(e)}` },
        debate: [],
        trace: undefined,
        budget: undefined,
        useRules: undefined,
      }));
    if (res.budget) budgets.push(res.budget);
    for (const t of res.debate) modelLine(`${t.side} (round ${t.round}, conviction ${t.conviction}): ${t.firstLine}`);
    if (res.trace)
      modelLine(traceLine('coordinator', res.trace, res.read.ok ? res.read.answer.reasoning : res.read.reason));
    decision = res.useRules
      ? {
          ...decision,
          reasons: [...decision.reasons, `coordinator model skipped: ${res.read.ok ? '' : res.read.reason}`],
        }
      : coordinatorDecision(decision, res.read, modes.coordinator, decideMode, snap.summary.position);
  }
  story.decision = decision;
  upsertSearchAttributes([{ key: SEARCH_ATTRIBUTE_KEYS.decision, value: decision.action }]);
  const riskContext = {
    symbol: input.symbol,
    riskLimits: input.riskLimits,
    dayStartEquity: input.dayStartEquity,
    realizedPnlToday: input.realizedPnlToday,
    exitsOnly: input.exitsOnly,
  };
  let verdict = cycleVerdict(decision, signals, snap.summary, riskContext);
  if (llmRef && modes.risk !== 'deterministic' && isReviewableEntry(verdict)) {
    // The review sees what the hard rules approved; what it keeps goes through them again.
    story.verdict = verdict;
    show();
    const res = await act<'llmRiskReview'>(
      llmCallOptions(llmRef.llm),
      `risk review (${modes.risk}, ${llmRef.llm.models.risk})`,
    )
      .llmRiskReview({
        ...llmRef,
        decision: { action: decision.action, confidence: decision.confidence, reasons: decision.reasons },
        verdict,
      })
      .catch((e: unknown) => ({
        read: { ok: false, reason: `model call failed: ${failureMessage(e)}` } as ModelRead<never>,
        trace: undefined,
        budget: undefined,
      }));
    if (res.budget) budgets.push(res.budget);
    if (res.trace) modelLine(traceLine('risk', res.trace, res.read.ok ? res.read.answer.reasoning : res.read.reason));
    verdict = reviewCycleVerdict(verdict, res.read, decision, signals, snap.summary, riskContext);
  }
  story.verdict = verdict;
  show();

  // 5. Orders: the entry (or the close), then the entry's stop-loss and take-profit, then the post-trade check.
  const ref = { cycleId, sessionId: input.sessionId, mode: input.mode, exchange: input.exchange, symbol: input.symbol };
  const stack = new CompensationStack();
  let compensated = false;
  const compensate = async (reason: string) => {
    story.notes.push(`compensating: ${reason}`);
    show();
    const outcomes = await stack.unwind(reason);
    compensated = true;
    for (const o of outcomes) story.notes.push(`${o.name}: ${o.ok ? 'done' : `FAILED (${o.error})`}`);
    show();
  };
  const undo = act<'cancelCycleOrders' | 'flattenCycleEntry'>(cycleCompensation);
  const orders = <K extends 'submitCycleOrder' | 'cancelProtectionOrders' | 'placeProtectionOrder'>(summary: string) =>
    act<K>(cycleOrder, summary);
  let mainOrder: ExecutedOrder | null = null;

  if (verdict.verdict !== 'veto' && verdict.side) {
    const side = verdict.side;
    if (verdict.reduceOnly) {
      try {
        mainOrder = await orders<'submitCycleOrder'>(
          `close: ${side} ${verdict.quantity} ${input.symbol}`,
        ).submitCycleOrder({ ...ref, purpose: 'close', side, quantity: verdict.quantity, reduceOnly: true });
        if (mainOrder) story.orders.push(mainOrder);
        else story.notes.push('nothing left to close');
        // The closed position's stop-loss / take-profit must not fire on what is no longer there.
        const canceled = await orders<'cancelProtectionOrders'>('cancel protection').cancelProtectionOrders({
          sessionId: ref.sessionId,
          mode: ref.mode,
          exchange: ref.exchange,
          symbol: ref.symbol,
        });
        if (canceled.length)
          story.notes.push(`canceled protection: ${canceled.map((c) => `${c.clientOrderId} ${c.status}`).join(', ')}`);
      } catch (e) {
        story.notes.push(`exit failed: ${failureMessage(e)}`);
      }
    } else {
      // Pushed before the order: if the answer is lost, flattening looks the order up by its id.
      stack.push('flatten entry', async () => {
        const o = await undo.flattenCycleEntry({ ...ref, entrySide: side });
        if (o) story.orders.push(o);
      });
      try {
        const submit = () =>
          orders<'submitCycleOrder'>(`entry: ${side} ${verdict.quantity} ${input.symbol}`).submitCycleOrder({
            ...ref,
            purpose: 'entry',
            side,
            quantity: verdict.quantity,
            reduceOnly: false,
          });
        let entry = await submit();
        if (entry?.status === 'open') {
          // Partly filled (thin book): the rest must not fill later, outside the stop's size.
          await undo.cancelCycleOrders({ ...ref, purposes: ['entry'] });
          entry = await submit(); // finds the same order by its clientOrderId: its final fill
        }
        mainOrder = entry;
        if (!entry) throw new Error('entry order was not placed');
        story.orders.push(entry);
        show();
        if (!(entry.filled > 0)) throw new Error(`entry filled nothing (status ${entry.status})`);

        // 6. Exchange-side stop-loss (or trailing stop) and take-profit for what filled.
        const closing = side === 'buy' ? 'sell' : 'buy';
        const protections: Protection[] = [];
        if (input.trailingStopPct !== undefined)
          protections.push(
            await trailingStopProtection(
              ref,
              side,
              entry.average ?? snap.summary.price,
              verdict.stopLoss,
              input.trailingStopPct,
            ),
          );
        else if (verdict.stopLoss !== null)
          protections.push({ kind: 'stop_loss', purpose: 'stop_loss', trigger: verdict.stopLoss });
        if (verdict.takeProfit !== null)
          protections.push({ kind: 'take_profit', purpose: 'take_profit', trigger: verdict.takeProfit });
        for (const p of protections) {
          const label = p.purpose.replace('_', '-');
          stack.push(`cancel ${label}`, () => undo.cancelCycleOrders({ ...ref, purposes: [p.purpose] }));
          try {
            const o = await orders<'placeProtectionOrder'>(`${label} at ${p.trigger}`).placeProtectionOrder({
              ...ref,
              kind: p.kind,
              ...(p.purpose !== p.kind ? { purpose: p.purpose } : {}),
              side: closing,
              quantity: entry.filled,
              triggerPrice: p.trigger,
              ...(p.trailingPercent !== undefined ? { trailingPercent: p.trailingPercent } : {}),
            });
            story.orders.push(o);
            show();
          } catch (e) {
            throw new Error(`${label} placement failed: ${failureMessage(e)}`, { cause: e });
          }
        }

        // 7. Post-trade check: did the venue give us what risk approved?
        const limits = { ...DEFAULT_EXECUTION_LIMITS, ...input.execution };
        const check = postTradeCheck(
          {
            side,
            approvedQuantity: verdict.quantity,
            filled: entry.filled,
            average: entry.average,
            expectedPrice: snap.summary.price,
          },
          limits,
        );
        story.notes.push(
          `post-trade check: ${check.ok ? 'ok' : 'VETO'}${check.slippageBps === null ? '' : ` (slippage ${check.slippageBps} bps)`}`,
        );
        if (!check.ok) throw new Error(`post-trade veto: ${check.reasons.join('; ')}`);
      } catch (e) {
        await compensate(failureMessage(e));
      }
    }
  }

  // 7b. A session-kept trailing stop follows the price on the cycles that leave the position as it is.
  const traded = verdict.verdict !== 'veto' && Boolean(verdict.side);
  if (input.trailingStopPct !== undefined && snap.summary.position && !traded) {
    const trail = await trailSessionStop(ref, snap.summary.position, input.trailingStopPct, snap.key);
    story.orders.push(...trail.orders);
    story.notes.push(...trail.notes);
    show();
  }

  // 8. Record, which also announces the cycle. Failing for good undoes what the cycle opened: an
  // unrecorded position is not kept.
  let realizedPnl = 0;
  const summary = `${decision.action} ${input.symbol} → ${verdict.verdict}${mainOrder ? ` · ${mainOrder.purpose} ${mainOrder.side} ${mainOrder.filled}/${mainOrder.quantity}${mainOrder.average ? ` @ ${mainOrder.average}` : ''} ${mainOrder.status}` : ''}${compensated ? ' · compensated' : ''}`;
  const resultSoFar = (): TradingCycleResult => ({
    cycleId,
    symbol: input.symbol,
    candleCloseMs: input.candleCloseMs,
    action: decision.action,
    verdict: decision.action === 'HOLD' ? 'none' : verdict.verdict,
    reasons: [...decision.reasons.slice(0, 2), ...verdict.reasons, ...story.notes],
    ...(mainOrder
      ? {
          order: {
            clientOrderId: mainOrder.clientOrderId,
            side: mainOrder.side,
            quantity: mainOrder.quantity,
            filled: mainOrder.filled,
            average: mainOrder.average,
            status: mainOrder.status,
          },
        }
      : {}),
    killSwitch: verdict.killSwitch,
    ...(snap.summary.locks ? { locks: snap.summary.locks } : {}),
    ...(decision.reversalTo && mainOrder && mainOrder.filled > 0 ? { reversalTo: decision.reversalTo } : {}),
    ...(budgets.length ? { llmBudget: budgets[0] } : {}),
    compensated,
    realizedPnl,
  });
  try {
    const rec = await act<'recordCycle'>(cycleRecord, 'record').recordCycle({
      cycleId,
      input,
      decision: {
        action: decision.action,
        confidence: decision.confidence,
        score: decision.score,
        reasons: decision.reasons,
        mode: decision.mode ?? 'ensemble',
        ...(decision.sizeFactor !== undefined ? { sizeFactor: decision.sizeFactor } : {}),
      },
      signals,
      verdict,
      orders: story.orders,
      compensated,
      summary,
      notice: {
        sessionId: input.sessionId,
        exchange: input.exchange,
        mode: input.mode,
        result: resultSoFar(),
        summary: `cycle ${cycleId}: ${summary}`,
        fills: story.orders.filter((o) => o.filled > 0),
        // A lock starts when its trade closed, which the previous cycle's recording did (at its close):
        // first seen now, and announced now only.
        newLocks: (snap.summary.locks ?? []).filter(
          (l) => l.from >= input.candleCloseMs - timeframeToMs(input.timeframe),
        ),
      },
    });
    realizedPnl = rec.realizedPnl;
    story.notes.push(recordedNote(rec));
  } catch (e) {
    story.notes.push(`recording failed: ${failureMessage(e)}`);
    if (stack.size) await compensate(`recording failed for good: ${failureMessage(e)}`);
  }
  show();

  // 9. What the session folds into its state.
  return resultSoFar();
}
