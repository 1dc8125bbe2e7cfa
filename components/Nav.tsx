"use client";
// Top navigation; marks the current section for screen readers and sighted users alike.
import Link from "next/link";
import { usePathname } from "next/navigation";

const LINKS = [
  { href: "/", label: "Components", matches: (path: string) => path === "/" || path.startsWith("/components") },
  { href: "/plan", label: "Plan", matches: (path: string) => path.startsWith("/plan") },
  { href: "/upload", label: "Upload", matches: (path: string) => path.startsWith("/upload") },
  { href: "/sources", label: "Sources", matches: (path: string) => path.startsWith("/sources") },
];

export function Nav() {
  const pathname = usePathname();
  return (
    <nav aria-label="Main" className="nav">
      <ul>
        {LINKS.map((link) => (
          <li key={link.href}>
            <Link href={link.href} aria-current={link.matches(pathname) ? "page" : undefined}>
              {link.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
