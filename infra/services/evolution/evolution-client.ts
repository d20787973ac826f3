// Starting and following evolution workflows from the CLI / gateway (Temporal client side).
import type { Client, WorkflowHandle, WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import { TASK_QUEUES } from '../../../workflows/definitions';
import type { EvolutionResult, EvolutionWorkflowInput } from '../../../workflows/evolution-contract';
import { evolution } from '../../../workflows/evolution';

/** `evolution-{strategy}-{date}`: the date down to the second, so two runs on one day stay apart. */
export function evolutionWorkflowId(strategy: string, at: Date): string {
  const stamp = at
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
  return `evolution-${strategy}-${stamp}`;
}

export interface StartEvolutionOptions {
  taskQueue?: string;
  workflowId?: string;
  now?: Date;
}

export async function startEvolution(
  client: Client,
  request: EvolutionWorkflowInput,
  o: StartEvolutionOptions = {},
): Promise<WorkflowHandleWithFirstExecutionRunId> {
  return client.workflow.start(evolution, {
    taskQueue: o.taskQueue ?? TASK_QUEUES.evolution,
    workflowId: o.workflowId ?? evolutionWorkflowId(request.strategy, o.now ?? new Date()),
    args: [request],
  });
}

export async function evolutionResult(handle: WorkflowHandle): Promise<EvolutionResult> {
  return (await handle.result()) as EvolutionResult;
}
