// The server as `npm start` runs it (cli/start.ts): started from the configuration the build resolved, it never
// compiles next.config.ts, so SWC's native binding (about 25 MiB, and its threads) is not in its memory.
// Linux only: it finds the server among /proc's processes by its title and the PORT in its environment.
import { readdirSync, readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";

/** Pids of this user's `next-server` processes started with the given PORT. */
function nextServers(port: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const title = readFileSync(`/proc/${entry}/cmdline`, "utf8");
      const environment = readFileSync(`/proc/${entry}/environ`, "utf8").split("\0");
      if (title.startsWith("next-server") && environment.includes(`PORT=${port}`)) found.push(Number(entry));
    } catch {
      // gone, or another user's
    }
  }
  return found;
}

test("the production server runs without the config compiler", async ({ request, baseURL }) => {
  test.skip(process.platform !== "linux", "reads /proc");
  expect((await request.get("/api/health")).ok()).toBe(true);
  const servers = nextServers(new URL(baseURL!).port);
  expect(servers).toHaveLength(1);
  const maps = readFileSync(`/proc/${servers[0]}/maps`, "utf8");
  expect(maps).toContain("better_sqlite3.node"); // the right process: it has the database driver loaded
  expect(maps).not.toContain("next-swc");
});
