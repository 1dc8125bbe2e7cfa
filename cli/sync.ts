// `npm run sync -- --kind tekton-results --url <url> --namespace <ns> [options]`: sync the runs of one source once,
// into DATABASE_URL (the source is kept with its cursor, so running it again only fetches what is new), or through
// a running dashboard with --server. Exits 1 when the sync failed, 2 on bad usage.
//   --kind <k>              tekton-results, kubearchive or kubernetes
//   --url <url>             the Results REST gateway, the KubeArchive API or the Kubernetes API server
//   --namespace <ns>        the tenant namespace
//   --component <c>         only runs of this component
//   --label-selector <sel>  only runs matching this Kubernetes label selector
//   --since <30d|ISO time>  runs that finished since (default 30d; only for a source synced the first time)
//   --token-file <file>     bearer token from this file (e.g. a service-account token)
//   --token-env <NAME>      bearer token from this environment variable
//   --ca-file <file>        PEM bundle to trust;  --insecure-skip-tls-verify  do not verify TLS (test clusters)
//   --server <url> [--token <t>]  ask a running dashboard (token: its UPLOAD_TOKEN, default $UPLOAD_TOKEN)
//   --json                  print the result as JSON
import path from "node:path";
import { readEnv } from "../lib/config/env";
import { createDb, type Db } from "../lib/db/connect";
import { parseDatabaseUrl } from "../lib/db/database-url";
import { migrate, migrationsDir } from "../lib/db/migrate";
import { AppError } from "../lib/errors";
import { createSource, sourceView, validateNewSource, type SourceView } from "../lib/pipeline/sources";
import { syncSource, type SyncResult } from "../lib/pipeline/sync-source";
import type { SyncProgress } from "../lib/pipeline/sources";

const USAGE =
  "usage: npm run sync -- --kind <tekton-results|kubearchive|kubernetes> --url <url> --namespace <ns> [--component <c>] " +
  "[--label-selector <sel>] [--since 30d] [--token-file <file> | --token-env <NAME>] [--ca-file <file>] " +
  "[--insecure-skip-tls-verify] [--server <url> [--token <t>]] [--json]";

const VALUE_FLAGS: Record<string, string> = {
  "--kind": "kind",
  "--url": "url",
  "--namespace": "namespace",
  "--component": "component",
  "--label-selector": "labelSelector",
  "--since": "since",
  "--token-file": "tokenFile",
  "--token-env": "tokenEnv",
  "--ca-file": "caFile",
};

interface Options {
  source: Record<string, unknown>;
  server: string | null;
  token: string | undefined;
  json: boolean;
}

function parseArgs(argv: string[]): Options {
  const options: Options = { source: {}, server: null, token: process.env.UPLOAD_TOKEN, json: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--json") options.json = true;
    else if (arg === "--insecure-skip-tls-verify") options.source.insecureSkipTlsVerify = true;
    else if (arg === "--help" || arg === "-h") {
      console.log(USAGE);
      process.exit(0);
    } else if (arg in VALUE_FLAGS || arg === "--server" || arg === "--token") {
      const value = argv[++i];
      if (!value) throw new Error(`${arg} needs a value\n${USAGE}`);
      if (arg === "--server") options.server = value.replace(/\/+$/, "");
      else if (arg === "--token") options.token = value;
      else options.source[VALUE_FLAGS[arg]!] = value;
    } else throw new Error(`unknown argument ${arg}\n${USAGE}`);
  }
  return options;
}

const sameSource = (view: SourceView, wanted: Record<string, unknown>) =>
  view.kind === wanted.kind &&
  view.url === wanted.url &&
  view.namespace === wanted.namespace &&
  view.component === ((wanted.component as string | undefined) ?? null) &&
  view.labelSelector === ((wanted.labelSelector as string | undefined) ?? null);

/** A progress line on a terminal: records read, runs stored, rate; rewritten in place. */
function progressPrinter(json: boolean): (progress: SyncProgress) => void {
  if (json || !process.stderr.isTTY) return () => undefined;
  return (progress) => {
    const seconds = (Date.now() - Date.parse(progress.startedAt)) / 1000;
    const rate = seconds > 0 ? progress.recordsRead / seconds : 0;
    process.stderr.write(
      `\r${progress.pages} page(s), ${progress.recordsRead} records read, ${progress.runsStored} runs stored, ` +
        `${rate.toFixed(1)} records/s, ${seconds.toFixed(0)} s elapsed (ETA: unknown until the source's last page)   `,
    );
  };
}

async function syncLocally(options: Options): Promise<SyncResult> {
  validateNewSource(options.source);
  const target = parseDatabaseUrl(readEnv().DATABASE_URL);
  await migrate(target, migrationsDir(target.kind, path.resolve(import.meta.dirname, "..")));
  const { db } = createDb(target);
  try {
    const id = await findOrCreate(db, options.source);
    return await syncSource(db, id, { onProgress: progressPrinter(options.json) });
  } finally {
    await db.$disconnect();
  }
}

async function findOrCreate(db: Db, wanted: Record<string, unknown>): Promise<number> {
  const existing = (await db.source.findMany()).map(sourceView).find((view) => sameSource(view, wanted));
  return existing ? existing.id : (await createSource(db, wanted)).id;
}

async function syncRemotely(options: Options): Promise<SyncResult> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const call = async (method: string, route: string, body?: unknown) => {
    const response = await fetch(`${options.server}${route}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    if (!response.ok) throw new Error(`${method} ${route}: ${response.status} ${String(json.message ?? "")}`);
    return json;
  };
  const list = (await call("GET", "/api/sources")) as { data: SourceView[] };
  const id =
    list.data.find((view) => sameSource(view, options.source))?.id ??
    (await call("POST", "/api/sources", options.source)).id;
  return (await call("POST", `/api/sources/${String(id)}/sync?wait=1`)) as unknown as SyncResult;
}

async function main(): Promise<void> {
  let options: Options;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`sync: ${(error as Error).message}`);
    process.exit(2);
  }
  const result = options.server ? await syncRemotely(options) : await syncLocally(options);
  if (options.json) console.log(JSON.stringify(result, null, 2));
  else {
    if (process.stderr.isTTY) process.stderr.write("\n");
    console.log(`sync: ${result.added} run(s) added, ${result.updated} updated, ${result.skipped} unchanged`);
    for (const error of result.errors) console.log(`    ! ${error.record}: ${error.message}`);
  }
  process.exit(result.errors.length === 0 ? 0 : 1);
}

main().catch((error: unknown) => {
  const message = error instanceof AppError || error instanceof Error ? error.message : String(error);
  console.error(`sync: ${message}`);
  process.exit(error instanceof AppError && error.status === 422 ? 2 : 1);
});
