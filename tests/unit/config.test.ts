import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, DEFAULT_DATABASE_URL, envSchema, readEnv } from "@/lib/config/env";
import { DatabaseUrlError, parseDatabaseUrl, redactPassword } from "@/lib/db/database-url";
import { derivePostgresSchema, POSTGRES_SCHEMA_PATH, SQLITE_SCHEMA_PATH } from "@/lib/db/schema-sync";

describe("readEnv", () => {
  it("defaults to the embedded SQLite database on port 3000, loopback only", () => {
    expect(readEnv({})).toEqual({
      DATABASE_URL: DEFAULT_DATABASE_URL,
      PORT: 3000,
      HOST: "127.0.0.1",
      DEMO_DATA: "auto",
      CLUSTER_ARCH: "amd64",
    });
  });

  it("takes CLUSTER_ARCH among the four build arches (and their aliases) and rejects anything else", () => {
    expect(readEnv({ CLUSTER_ARCH: "arm64" }).CLUSTER_ARCH).toBe("arm64");
    expect(readEnv({ CLUSTER_ARCH: "x86_64" }).CLUSTER_ARCH).toBe("amd64");
    expect(() => readEnv({ CLUSTER_ARCH: "sparc" })).toThrow(/CLUSTER_ARCH/);
    expect(() => readEnv({ CLUSTER_ARCH: "source" })).toThrow(/CLUSTER_ARCH/);
  });

  it("treats empty variables as unset and coerces PORT", () => {
    expect(readEnv({ PORT: "8080", DATABASE_URL: "" })).toMatchObject({
      PORT: 8080,
      DATABASE_URL: DEFAULT_DATABASE_URL,
    });
  });

  it.each([
    [{ PORT: "eighty" }, /PORT/],
    [{ PORT: "70000" }, /PORT/],
    [{ DEMO_DATA: "maybe" }, /DEMO_DATA/],
  ])("rejects %o naming the variable", (env, message) => {
    expect(() => readEnv(env)).toThrow(ConfigError);
    expect(() => readEnv(env)).toThrow(message);
  });

  it("takes the optional access settings and rejects unsafe or malformed ones without echoing a token", () => {
    const token = "a-read-token-of-24-chars";
    expect(readEnv({ READ_TOKEN: token, AUTH_PROXY_HEADER: "X-Forwarded-User" })).toMatchObject({
      READ_TOKEN: token,
      AUTH_PROXY_HEADER: "X-Forwarded-User",
    });
    expect(() => readEnv({ READ_TOKEN: "too-short" })).toThrow(/READ_TOKEN must be at least 16 characters/);
    expect(() => readEnv({ READ_TOKEN: "has a space in the middle" })).toThrow(/READ_TOKEN must be visible ASCII/);
    expect(() => readEnv({ READ_TOKEN: "has a space in the middle" })).not.toThrow(/has a space/);
    expect(() => readEnv({ AUTH_PROXY_HEADER: "X Forwarded User" })).toThrow(/AUTH_PROXY_HEADER/);
    expect(() => readEnv({ AUTH_PROXY_HEADER: "Authorization" })).toThrow(ConfigError);
  });

  it("takes UPLOAD_IDLE_TIMEOUT_MS in milliseconds, unset by default (receiveUpload then waits 60 s)", () => {
    expect(readEnv({}).UPLOAD_IDLE_TIMEOUT_MS).toBeUndefined();
    expect(readEnv({ UPLOAD_IDLE_TIMEOUT_MS: "30000" }).UPLOAD_IDLE_TIMEOUT_MS).toBe(30_000);
    for (const bad of ["soon", "10", "1500.5", "99999999"]) {
      expect(() => readEnv({ UPLOAD_IDLE_TIMEOUT_MS: bad })).toThrow(/UPLOAD_IDLE_TIMEOUT_MS/);
    }
  });

  it("documents every variable in the README's configuration table", () => {
    const readme = readFileSync(path.resolve(import.meta.dirname, "../../README.md"), "utf8");
    for (const key of Object.keys(envSchema.shape)) expect(readme).toContain(`\`${key}\``);
    for (const key of [
      "UPLOAD_MAX_BYTES",
      "BUNDLE_MAX_TOTAL_BYTES",
      "BUNDLE_MAX_ENTRY_BYTES",
      "BUNDLE_MAX_ENTRIES",
      "BUNDLE_MAX_RATIO",
    ]) {
      expect(readme).toContain(`\`${key}\``);
    }
  });
});

describe("parseDatabaseUrl", () => {
  it("resolves relative SQLite paths against the working directory", () => {
    expect(parseDatabaseUrl("file:./data/advisor.db", "/srv/app")).toEqual({
      kind: "sqlite",
      url: "file:./data/advisor.db",
      file: "/srv/app/data/advisor.db",
    });
    expect(parseDatabaseUrl("file:/var/lib/advisor.db?connection_limit=1", "/x")).toMatchObject({
      file: "/var/lib/advisor.db",
    });
  });

  it("selects PostgreSQL for postgres:// and postgresql:// URLs", () => {
    expect(parseDatabaseUrl("postgresql://u:p@db:5432/advisor").kind).toBe("postgresql");
    expect(parseDatabaseUrl("postgres://u@db/advisor").kind).toBe("postgresql");
  });

  it.each(["mysql://u:secret@db/advisor", "file:", "file::memory:", "advisor.db"])("rejects %s", (url) => {
    expect(() => parseDatabaseUrl(url)).toThrow(DatabaseUrlError);
  });

  it("never repeats a password in its error message", () => {
    expect(() => parseDatabaseUrl("mysql://user:hunter2@db/advisor")).toThrow(/mysql:\/\/user:\*\*\*@db\/advisor/);
    expect(redactPassword("postgresql://u:p%40ss@h:5432/d")).toBe("postgresql://u:***@h:5432/d");
  });
});

describe("the PostgreSQL schema", () => {
  it("is the SQLite schema with only the provider and client folder changed, and is committed up to date", () => {
    const root = path.resolve(import.meta.dirname, "../..");
    const sqlite = readFileSync(path.join(root, SQLITE_SCHEMA_PATH), "utf8");
    const derived = derivePostgresSchema(sqlite);
    expect(readFileSync(path.join(root, POSTGRES_SCHEMA_PATH), "utf8")).toBe(derived);
    const changed = derived
      .split("\n")
      .filter((line) => !sqlite.split("\n").includes(line))
      .map((line) => line.trim());
    expect(changed).toEqual([
      expect.stringMatching(/^\/\/ GENERATED/),
      'output       = "../../generated/postgresql"',
      'provider = "postgresql"',
    ]);
  });
});
