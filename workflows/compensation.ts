// A saga's undo list: after each side effect succeeds the cycle pushes the step that undoes it; on a
// failure or a veto the steps run in reverse. A compensation that still fails (after its own durable
// retries) is logged and the rest still run: unwinding never throws.
import { log } from '@temporalio/workflow';
import { failureMessage } from './failure-message';

export interface CompensationOutcome {
  name: string;
  ok: boolean;
  error?: string;
}

export class CompensationStack {
  private readonly steps: { name: string; run: () => Promise<unknown> }[] = [];

  push(name: string, run: () => Promise<unknown>): void {
    this.steps.push({ name, run });
  }

  get size(): number {
    return this.steps.length;
  }

  /** Runs every step, newest first, once; the stack is empty afterwards. */
  async unwind(reason: string): Promise<CompensationOutcome[]> {
    const out: CompensationOutcome[] = [];
    log.warn('compensating', { reason, steps: this.steps.map((s) => s.name).reverse() });
    while (this.steps.length) {
      const step = this.steps.pop()!;
      try {
        await step.run();
        out.push({ name: step.name, ok: true });
      } catch (e) {
        const error = failureMessage(e);
        log.error('compensation failed', { step: step.name, error });
        out.push({ name: step.name, ok: false, error });
      }
    }
    return out;
  }
}
