'use client';

/** Last line of defence: whatever breaks while rendering, the page says so instead of going blank. */
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="alert" role="alert">
      <p className="alert-title">The dashboard hit an error</p>
      <p className="alert-message">{error.message || 'unknown error'}</p>
      <button type="button" className="button" onClick={() => reset()}>
        Try again
      </button>
    </div>
  );
}
