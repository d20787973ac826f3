import type { GatewayError } from '../../lib/api-client';

export function Loading({ what }: { what: string }) {
  return (
    <p className="state state-loading" role="status">
      Loading {what}…
    </p>
  );
}

export function Empty({ children }: { children: React.ReactNode }) {
  return (
    <p className="state state-empty" data-testid="empty">
      {children}
    </p>
  );
}

/** The gateway's own words, with the fields it named, so bad input is explained, never a blank page. */
export function ErrorBox({ error, title = 'The gateway refused' }: { error: GatewayError | Error; title?: string }) {
  const gw = error as GatewayError;
  return (
    <div className="alert" role="alert" data-testid="gateway-error">
      <p className="alert-title">
        {title}
        {gw.code ? (
          <span className="tag">
            {gw.status ? `${gw.status} ` : ''}
            {gw.code}
          </span>
        ) : null}
      </p>
      <p className="alert-message">{error.message}</p>
      {gw.issues && gw.issues.length > 0 && (
        <ul className="issues">
          {gw.issues.map((i) => (
            <li key={`${i.path}:${i.message}`}>
              <code>{i.path || '(body)'}</code>: {i.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
