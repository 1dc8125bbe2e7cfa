// Which database a DATABASE_URL names: the embedded SQLite file or a PostgreSQL server.
// Pure: no I/O, so the start script, the migration runner and the Prisma client agree on one parse.
import path from "node:path";

export type DatabaseTarget = { kind: "sqlite"; url: string; file: string } | { kind: "postgresql"; url: string };

export class DatabaseUrlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DatabaseUrlError";
  }
}

/**
 * Parses DATABASE_URL. `file:` URLs are SQLite files; a relative path resolves against `cwd`
 * (the project directory when started with `npm start`). `postgres://` and `postgresql://` select PostgreSQL.
 */
export function parseDatabaseUrl(url: string, cwd: string = process.cwd()): DatabaseTarget {
  const trimmed = url.trim();
  if (/^postgres(ql)?:\/\//i.test(trimmed)) {
    return { kind: "postgresql", url: trimmed };
  }
  if (trimmed.startsWith("file:")) {
    // Prisma-style SQLite URLs may carry options after "?"; the file name is what precedes them.
    const rawPath = trimmed.slice("file:".length).split("?")[0] ?? "";
    const withoutSlashes = rawPath.startsWith("//") ? rawPath.slice(2) : rawPath;
    if (withoutSlashes === "") {
      throw new DatabaseUrlError(`DATABASE_URL "${url}" names no SQLite file (expected file:./data/advisor.db)`);
    }
    if (withoutSlashes === ":memory:") {
      throw new DatabaseUrlError(
        "DATABASE_URL file::memory: is not supported: the dashboard, the CLI and migrations must share one database file",
      );
    }
    return { kind: "sqlite", url: trimmed, file: path.resolve(cwd, withoutSlashes) };
  }
  throw new DatabaseUrlError(
    `DATABASE_URL "${redactPassword(url)}" is neither a SQLite file URL (file:./data/advisor.db) nor a PostgreSQL URL (postgresql://user:password@host:5432/db)`,
  );
}

/** Hides the password of a connection URL so it can be logged. */
export function redactPassword(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]+:)[^@]*@/i, "$1***@");
}
