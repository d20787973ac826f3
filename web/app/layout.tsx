import type { Metadata, Viewport } from 'next';
import { connection } from 'next/server';
import type { ReactNode } from 'react';
import { GatewayProvider } from '../lib/gateway-context';
import { dashboardTicket } from '../lib/gateway-token';
import { gatewayUrl } from '../lib/gateway-url';
import { AppShell } from './_components/app-shell';
import './globals.css';

export const metadata: Metadata = {
  title: 'OpenTrade',
  description: 'Self-hosted AI crypto trading: sessions, decisions, backtests and strategies',
};

export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

/** Reads the gateway URL and mints the page's ticket per request, so one build serves any deployment. */
export default async function RootLayout({ children }: { children: ReactNode }) {
  await connection();
  return (
    <html lang="en">
      <body>
        <GatewayProvider gatewayUrl={gatewayUrl()} serverToken={dashboardTicket()}>
          <AppShell>{children}</AppShell>
        </GatewayProvider>
      </body>
    </html>
  );
}
