'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import type { ReactNode } from 'react';
import { useGateway } from '../../lib/gateway-context';
import { SignInForm } from './sign-in-form';
import { Loading } from './states';

const NAV = [
  { href: '/', label: 'Overview' },
  { href: '/sessions', label: 'Sessions' },
  { href: '/backtests', label: 'Backtests' },
  { href: '/strategies', label: 'Strategies' },
  { href: '/intel', label: 'Intelligence' },
  { href: '/health', label: 'Health' },
];

function active(pathname: string, href: string): boolean {
  return href === '/' ? pathname === '/' || pathname.startsWith('/decisions') : pathname.startsWith(href);
}

/** Nav bar, and the sign-in gate in front of every page but /health (which needs no token). */
export function AppShell({ children }: { children: ReactNode }) {
  const pathname = usePathname() ?? '/';
  const { needsSignIn, client, socket, signOut } = useGateway();
  const open = pathname.startsWith('/health');
  return (
    <>
      <header className="topbar">
        <span className="brand">OpenTrade</span>
        <nav className="nav" aria-label="Main">
          {NAV.map((n) => (
            <Link
              key={n.href}
              href={n.href}
              className={active(pathname, n.href) ? 'nav-link active' : 'nav-link'}
              aria-current={active(pathname, n.href) ? 'page' : undefined}
            >
              {n.label}
            </Link>
          ))}
        </nav>
        {client && (
          <span className="topbar-end">
            <span
              className={`live-dot live-${socket}`}
              title={`live updates: ${socket}`}
              data-testid="ws-state"
              data-state={socket}
            />
            {socket !== 'open' && <span className="meta">live updates reconnecting…</span>}
            <button type="button" className="link-button" onClick={signOut}>
              Sign out
            </button>
          </span>
        )}
      </header>
      <main className="content">
        {open ? children : needsSignIn ? <SignInForm /> : client ? children : <Loading what="the dashboard" />}
      </main>
    </>
  );
}
