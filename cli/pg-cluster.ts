// A throwaway PostgreSQL cluster for tests: initdb in a temp dir, started on a free loopback port,
// stopped and deleted afterwards. Uses the server binaries installed on the machine (Debian's
// postgresql package); as root it runs them as the `postgres` user, since PostgreSQL refuses root.
import { execFileSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

export interface PgCluster {
  url: string;
  port: number;
  dataDir: string;
  stop(): void;
}

/** Finds the directory holding initdb/pg_ctl: $PG_BIN_DIR, the newest /usr/lib/postgresql/N/bin, or PATH. */
export function findPgBinDir(): string | null {
  const candidates: string[] = [];
  if (process.env.PG_BIN_DIR) candidates.push(process.env.PG_BIN_DIR);
  const debianRoot = "/usr/lib/postgresql";
  if (existsSync(debianRoot)) {
    const versions = readdirSync(debianRoot)
      .filter((v) => /^\d+$/.test(v))
      .sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((v) => path.join(debianRoot, v, "bin")));
  }
  candidates.push(...(process.env.PATH ?? "").split(path.delimiter));
  return candidates.find((dir) => existsSync(path.join(dir, "initdb")) && existsSync(path.join(dir, "pg_ctl"))) ?? null;
}

export async function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

function runAsPostgresUser(binary: string, args: string[]): string {
  const isRoot = process.getuid?.() === 0;
  const [command, fullArgs] = isRoot ? ["runuser", ["-u", "postgres", "--", binary, ...args]] : [binary, args];
  return execFileSync(command, fullArgs, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

export async function startPgCluster(database = "advisor_test"): Promise<PgCluster> {
  const binDir = findPgBinDir();
  if (!binDir) {
    throw new Error(
      "PostgreSQL server binaries (initdb, pg_ctl) were not found: install Debian's postgresql package or set PG_BIN_DIR",
    );
  }
  const baseDir = mkdtempSync(path.join(os.tmpdir(), "advisor-pg-"));
  const dataDir = path.join(baseDir, "data");
  const isRoot = process.getuid?.() === 0;
  if (isRoot) {
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
    chownSync(baseDir, uid, gid);
  }
  const port = await freeLoopbackPort();
  runAsPostgresUser(path.join(binDir, "initdb"), [
    "-D",
    dataDir,
    "-U",
    "advisor",
    "--auth=trust",
    "--encoding=UTF8",
    "--no-locale",
    "--no-sync",
  ]);
  // Tests only: durability off makes the cluster several times faster and nothing outlives the run.
  writeFileSync(path.join(baseDir, "README"), "throwaway PostgreSQL cluster for Prefetch Cost Advisor tests\n");
  const pgCtl = path.join(binDir, "pg_ctl");
  runAsPostgresUser(pgCtl, [
    "-D",
    dataDir,
    "-l",
    path.join(baseDir, "server.log"),
    "-w",
    "-o",
    `-p ${port} -k ${baseDir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`,
    "start",
  ]);
  const stop = () => {
    try {
      runAsPostgresUser(pgCtl, ["-D", dataDir, "-m", "immediate", "-w", "stop"]);
    } finally {
      rmSync(baseDir, { recursive: true, force: true });
    }
  };
  try {
    const createdb = path.join(binDir, "createdb");
    runAsPostgresUser(createdb, ["-h", "127.0.0.1", "-p", String(port), "-U", "advisor", database]);
  } catch (error) {
    stop();
    throw error;
  }
  return { url: `postgresql://advisor@127.0.0.1:${port}/${database}`, port, dataDir, stop };
}

/** Creates another empty database in the same cluster (one per test file keeps tests independent). */
export function createDatabase(cluster: PgCluster, name: string): string {
  const binDir = findPgBinDir();
  if (!binDir) throw new Error("PostgreSQL binaries not found");
  runAsPostgresUser(path.join(binDir, "createdb"), [
    "-h",
    "127.0.0.1",
    "-p",
    String(cluster.port),
    "-U",
    "advisor",
    name,
  ]);
  return cluster.url.replace(/\/[^/]+$/, `/${name}`);
}
