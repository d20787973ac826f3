// The coordinator model's part in a decision. In `ensemble` decisions with the coordinator in `llm`
// mode the model decides, and an abstention holds. Everywhere else (hybrid, or the `strategy`
// decision mode, where the strategy's advice alone starts trades) it reviews the rules' decision:
// it may hold up an entry, never start one, never hold up an exit (risk may always be cut), and its
// abstention leaves the rules' decision as it was.
import type { Decision } from '../coordinator/decision';
import type { CoordinatorAnswer } from '../llm/answer-schemas';
import type { ModelRead } from '../llm/read-answer';
import type { AgentMode } from '../llm/roles';
import type { HeldPosition } from './decide';
import type { DecisionMode } from './decision-mode';

const r4 = (x: number) => Math.round(x * 1e4) / 1e4;

export function closesPosition(action: Decision['action'], position: HeldPosition | null): boolean {
  if (!position || !(position.quantity > 0)) return false;
  return (position.side === 'long' && action === 'SELL') || (position.side === 'short' && action === 'BUY');
}

export function coordinatorDecision(
  base: Decision,
  read: ModelRead<CoordinatorAnswer>,
  mode: Exclude<AgentMode, 'deterministic'>,
  decide: DecisionMode,
  position: HeldPosition | null,
): Decision {
  const said = read.ok ? read.answer : null;
  if (decide === 'ensemble' && mode === 'llm') {
    if (!said) return hold(base, [`HOLD: the coordinator model abstained (${(read as { reason: string }).reason})`]);
    const sign = said.action === 'BUY' ? 1 : said.action === 'SELL' ? -1 : 0;
    return {
      ...base,
      action: said.action,
      confidence: said.confidence,
      score: r4(sign * said.confidence),
      reasons: [
        `${said.action}: the coordinator model decides at confidence ${said.confidence}`,
        said.reasoning,
        `rules' ensemble: ${base.reasons[0] ?? base.action}`,
      ],
    };
  }
  if (!said)
    return {
      ...base,
      reasons: [
        ...base.reasons,
        `coordinator model abstained (${(read as { reason: string }).reason}); the rules' decision stands`,
      ],
    };
  if (base.action === 'HOLD' || closesPosition(base.action, position) || said.action === base.action)
    return {
      ...base,
      reasons: [
        ...base.reasons.slice(0, 1),
        `coordinator model: ${said.action} at confidence ${said.confidence}${said.action === base.action ? ' (confirms)' : base.action === 'HOLD' ? ' (cannot start a trade)' : ' (an exit is not held up)'}`,
        said.reasoning,
        ...base.reasons.slice(1),
      ],
    };
  return hold(base, [
    `HOLD: the coordinator model holds up the ${base.action} entry (it says ${said.action} at confidence ${said.confidence})`,
    said.reasoning,
    ...base.reasons,
  ]);
}

function hold(base: Decision, reasons: string[]): Decision {
  const { reversalTo: _r, sizeFactor: _s, ...rest } = base;
  return { ...rest, action: 'HOLD', score: 0, confidence: 0, reasons };
}

/** Whether the coordinator model's answer could change the decision: when it cannot, it is not asked. */
export function coordinatorIsHeard(
  base: Decision,
  mode: Exclude<AgentMode, 'deterministic'>,
  decide: DecisionMode,
  position: HeldPosition | null,
): boolean {
  if (decide === 'ensemble' && mode === 'llm') return true;
  return base.action !== 'HOLD' && !closesPosition(base.action, position);
}
