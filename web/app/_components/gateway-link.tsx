/** The workflow in the Temporal Web UI, when the gateway knows where that is. */
export function TemporalLink({ url, workflowId }: { url: string | null | undefined; workflowId?: string | null }) {
  if (!url) return workflowId ? <code>{workflowId}</code> : <span className="muted">—</span>;
  return (
    <a href={url} target="_blank" rel="noreferrer" data-testid="temporal-link">
      {workflowId ?? 'workflow'} in Temporal UI ↗
    </a>
  );
}
