import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { Nav } from "@/components/Nav";
import { Providers } from "./providers";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Prefetch Cost Advisor", template: "%s · Prefetch Cost Advisor" },
  description: "Per-architecture prefetch costs of Konflux builds, and which way to pass dependencies between tasks.",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <header className="site-header">
          <Link href="/" className="brand">
            Prefetch Cost Advisor
          </Link>
          <Nav />
        </header>
        <main id="main" className="main">
          <Providers>{children}</Providers>
        </main>
      </body>
    </html>
  );
}
