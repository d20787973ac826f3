import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import './globals.css';

export const metadata: Metadata = {
  title: 'OpenTrade',
  description: 'Self-hosted AI crypto trading: stack health',
};

export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <header className="topbar">
          <span className="brand">OpenTrade</span>
        </header>
        <main className="content">{children}</main>
      </body>
    </html>
  );
}
