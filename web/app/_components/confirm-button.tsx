'use client';

import { useState } from 'react';

interface Props {
  label: string;
  /** Asked before acting; the action runs only after "Yes". */
  question: string;
  onConfirm(): void;
  disabled?: boolean;
  danger?: boolean;
}

/** A button that asks first, inline (no window.confirm: it blocks and cannot be styled). */
export function ConfirmButton({ label, question, onConfirm, disabled, danger }: Props) {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button
        type="button"
        className={danger ? 'button danger' : 'button'}
        disabled={disabled}
        onClick={() => setAsking(true)}
      >
        {label}
      </button>
    );
  }
  return (
    <span className="confirm" role="group" aria-label={question}>
      <span className="confirm-question">{question}</span>
      <button
        type="button"
        className={danger ? 'button danger' : 'button primary'}
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
      >
        Yes, {label.toLowerCase()}
      </button>
      <button type="button" className="button" onClick={() => setAsking(false)}>
        Cancel
      </button>
    </span>
  );
}
