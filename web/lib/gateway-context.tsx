'use client';

import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
  type ReactNode,
} from 'react';
import { createApiClient, wsUrlOf, type ApiClient } from './api-client';
import type { GatewayEvent } from './gateway-types';
import { connectEvents, type SocketState } from './event-socket';

const TOKEN_KEY = 'opentrade.gatewayToken';

// The token the user signed in with, kept in localStorage. It is undefined while rendering on the
// server and hydrating (localStorage does not exist there), then read in the browser.
const storedTokenListeners = new Set<() => void>();
const subscribeStoredToken = (onChange: () => void) => {
  storedTokenListeners.add(onChange);
  return () => storedTokenListeners.delete(onChange);
};
function storeToken(token: string | null): void {
  if (token === null) window.localStorage.removeItem(TOKEN_KEY);
  else window.localStorage.setItem(TOKEN_KEY, token);
  storedTokenListeners.forEach((fn) => fn());
}
const readStoredToken = (): string | null => window.localStorage.getItem(TOKEN_KEY);
const noStoredTokenYet = (): undefined => undefined;

type Listener = (event: GatewayEvent) => void;

interface GatewayContextValue {
  gatewayUrl: string;
  /** null while the stored token is still being read, or when there is none. */
  client: ApiClient | null;
  needsSignIn: boolean;
  socket: SocketState;
  signIn(token: string): void;
  signOut(): void;
  listen(fn: Listener): () => void;
}

const GatewayContext = createContext<GatewayContextValue | null>(null);

interface Props {
  gatewayUrl: string;
  /** A ticket minted from OPENTRADE_GATEWAY_TOKEN on the server; empty when the user must paste a token. */
  serverToken: string;
  children: ReactNode;
}

export function GatewayProvider({ gatewayUrl, serverToken: initialTicket, children }: Props) {
  const [serverToken, setServerToken] = useState(initialTicket);
  const stored = useSyncExternalStore<string | null | undefined>(
    subscribeStoredToken,
    readStoredToken,
    noStoredTokenYet,
  );
  const [rejected, setRejected] = useState(false);
  const [socket, setSocket] = useState<SocketState>('closed');
  const listeners = useRef(new Set<Listener>());

  // Nothing is asked of the gateway until the browser has said whether a token is stored: a token
  // the user chose wins over the server's ticket, and a stored token that is refused must show the
  // sign-in form, not be hidden by a first round of requests made with the ticket during hydration.
  const ready = stored !== undefined;
  const token = ready ? stored || serverToken : '';
  const onUnauthorized = useCallback(() => {
    if (!readStoredToken() && serverToken) {
      // The server's ticket expired (a tab open for hours): ask for a fresh one before asking the user.
      void fetch('/api/ticket', { cache: 'no-store' })
        .then(async (r) => (r.ok ? ((await r.json()) as { ticket?: string }).ticket : undefined))
        .catch(() => undefined)
        .then((fresh) => (fresh && fresh !== serverToken ? setServerToken(fresh) : setRejected(true)));
      return;
    }
    storeToken(null);
    setRejected(true);
  }, [serverToken]);

  const client = useMemo(
    () => (token && !rejected ? createApiClient(gatewayUrl, token, onUnauthorized) : null),
    [gatewayUrl, token, rejected, onUnauthorized],
  );

  useEffect(() => {
    if (!token || rejected) return;
    return connectEvents({
      url: wsUrlOf(gatewayUrl),
      token,
      onEvent: (e) => listeners.current.forEach((fn) => fn(e)),
      onState: setSocket,
    });
  }, [gatewayUrl, token, rejected]);

  const value = useMemo<GatewayContextValue>(
    () => ({
      gatewayUrl,
      client,
      needsSignIn: ready && (!token || rejected),
      socket,
      signIn: (t: string) => {
        storeToken(t);
        setRejected(false);
      },
      signOut: () => {
        storeToken(null);
        setRejected(true);
      },
      listen: (fn: Listener) => {
        listeners.current.add(fn);
        return () => listeners.current.delete(fn);
      },
    }),
    [gatewayUrl, client, ready, token, rejected, socket],
  );
  return <GatewayContext.Provider value={value}>{children}</GatewayContext.Provider>;
}

export function useGateway(): GatewayContextValue {
  const ctx = useContext(GatewayContext);
  if (!ctx) throw new Error('useGateway outside <GatewayProvider>');
  return ctx;
}
