// The risk agent's review of an entry the hard rules approved: it keeps it, shrinks it or vetoes it,
// never enlarges it. A shrink goes back through the hard rules (resize), so they stay the last word;
// an abstention leaves their verdict as it was.
import type { RiskReviewAnswer } from '../llm/answer-schemas';
import type { ModelRead } from '../llm/read-answer';
import type { RiskVerdict } from '../risk/risk-types';
import type { AgentSignal } from '../agents/signal';
import type { Decision } from '../coordinator/decision';
import { cycleVerdict, vetoEntry, type CycleRiskContext, type CycleView } from './cycle-verdict';

export const isReviewableEntry = (v: RiskVerdict) => v.verdict !== 'veto' && !v.reduceOnly && v.side !== null;

export function reviewedVerdict(
  verdict: RiskVerdict,
  read: ModelRead<RiskReviewAnswer>,
  /** The cycle's risk step again, with the analysts' size factor multiplied by this. */
  resize: (factor: number) => RiskVerdict,
): RiskVerdict {
  if (!read.ok)
    return {
      ...verdict,
      reasons: [...verdict.reasons, `risk review abstained (${read.reason}); the rules' verdict stands`],
    };
  const a = read.answer;
  const factor = a.verdict === 'veto' ? 0 : a.verdict === 'approve' ? Math.min(1, a.sizeFactor || 1) : a.sizeFactor;
  if (factor <= 0) return vetoEntry(verdict, `risk review vetoes: ${a.reasoning}`);
  if (factor >= 1) return { ...verdict, reasons: [...verdict.reasons, `risk review approves: ${a.reasoning}`] };
  const shrunk = resize(factor);
  const reasons = [...shrunk.reasons, `risk review shrinks × ${factor}: ${a.reasoning}`];
  // The rules approve the smaller size as asked; what the cycle does is still a resize of their first answer.
  return { ...shrunk, verdict: shrunk.verdict === 'approve' ? 'resize' : shrunk.verdict, reasons };
}

/** The review of the cycle's verdict, a shrink re-run through the cycle's risk step with the combined factor. */
export function reviewCycleVerdict(
  verdict: RiskVerdict,
  read: ModelRead<RiskReviewAnswer>,
  decision: Decision,
  signals: AgentSignal[],
  view: CycleView,
  ctx: CycleRiskContext,
): RiskVerdict {
  return reviewedVerdict(verdict, read, (factor) =>
    cycleVerdict({ ...decision, sizeFactor: (decision.sizeFactor ?? 1) * factor }, signals, view, {
      ...ctx,
      resizedBy: decision.sizeFactor === undefined ? 'risk review' : "analysts' and risk review's resize",
    }),
  );
}
