import { Pill } from './pill';

/** The heading of a page about one run: "Backtest <id> [status]"; tests find the status by `statusTestId`. */
export function RunTitle({
  kind,
  id,
  status,
  statusTestId,
}: {
  kind: string;
  id: string;
  status: string;
  statusTestId: string;
}) {
  return (
    <h1 className="page-title">
      {kind} <code>{id}</code> <Pill kind="status" value={status} testId={statusTestId} />
    </h1>
  );
}
