// Removes the throwaway database folder playwright.config.ts created for this run (not one given in E2E_DATABASE_DIR).
import { rmSync } from "node:fs";

export default function globalTeardown(): void {
  const dir = process.env.E2E_OWNED_DATABASE_DIR;
  if (dir) rmSync(dir, { recursive: true, force: true });
}
