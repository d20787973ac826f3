/** A coloured tag for a state word: `kind` picks the palette (globals.css .status-*, .action-*, .verdict-*). */
export function Pill({
  kind,
  value,
  testId,
}: {
  kind: 'status' | 'action' | 'verdict';
  value: string;
  testId?: string;
}) {
  return (
    <span className={`pill ${kind}-${value.toLowerCase()}`} data-testid={testId}>
      {value}
    </span>
  );
}
