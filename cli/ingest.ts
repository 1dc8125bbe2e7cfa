// `npm run ingest -- [options] <files or dirs…>`: ingest bundles into the configured database, or post
// them to a running dashboard with --server. Each argument is one upload (a directory is packed into a
// tar first). Exits 1 when any upload was rejected, 2 on bad usage.
//   --server <url>   POST to <url>/api/bundles instead of writing to DATABASE_URL
//   --token <token>  bearer token for --server (default: $UPLOAD_TOKEN)
//   --json           print one JSON array of results instead of text
//   --component <c>  the component a lockfile or OCI manifest given on its own belongs to (its planned payload)
//   --force          apply an upload again even if it was stored before (restores an older export of a run)
import { createReadStream, lstatSync, readdirSync } from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { pack } from "tar-stream";
import { readEnv } from "../lib/config/env";
import { createDb } from "../lib/db/connect";
import { parseDatabaseUrl } from "../lib/db/database-url";
import { migrate, migrationsDir } from "../lib/db/migrate";
import type { StoreBundleResult } from "../lib/db/store-bundle";
import { AppError } from "../lib/errors";
import { spoolUpload } from "../lib/ingest/archive";
import { ingestSpooled } from "../lib/pipeline/ingest-upload";
import { uploadSettings } from "../lib/config/upload";

interface Options {
  server: string | null;
  token: string | undefined;
  json: boolean;
  component: string | null;
  force: boolean;
  inputs: string[];
}

type Outcome =
  | { input: string; ok: true; status: number; result: StoreBundleResult }
  | { input: string; ok: false; status: number | null; error: { code: string; message: string; file?: string } };

const USAGE =
  "usage: npm run ingest -- [--server <url>] [--token <token>] [--component <name>] [--force] [--json] <files or dirs…>";

function parseArgs(argv: string[]): Options {
  const options: Options = {
    server: null,
    token: process.env.UPLOAD_TOKEN,
    json: false,
    component: null,
    force: false,
    inputs: [],
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--json") options.json = true;
    else if (arg === "--force") options.force = true;
    else if (arg === "--server" || arg === "--token" || arg === "--component") {
      const value = argv[++i];
      if (!value) throw new Error(`${arg} needs a value\n${USAGE}`);
      if (arg === "--server") options.server = value.replace(/\/+$/, "");
      else if (arg === "--component") options.component = value;
      else options.token = value;
    } else if (arg === "--help" || arg === "-h") {
      console.log(USAGE);
      process.exit(0);
    } else if (arg.startsWith("--")) throw new Error(`unknown option ${arg}\n${USAGE}`);
    else options.inputs.push(arg);
  }
  if (options.inputs.length === 0) throw new Error(`no files or directories given\n${USAGE}`);
  return options;
}

/** Streams a directory as a tar (regular files only; links and special files are left out with a note). */
function packDirectory(dir: string, notes: string[]): Readable {
  const tar = pack();
  const files: string[] = [];
  const walk = (current: string) => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) files.push(full);
      else notes.push(`${path.relative(dir, full)}: not a regular file, left out`);
    }
  };
  walk(dir);
  void (async () => {
    try {
      for (const file of files.sort()) {
        const size = lstatSync(file).size;
        const entry = tar.entry({ name: path.relative(dir, file).split(path.sep).join("/"), size });
        await new Promise<void>((resolve, reject) => {
          createReadStream(file).on("error", reject).pipe(entry);
          entry.on("finish", resolve).on("error", reject);
        });
      }
      tar.finalize();
    } catch (error) {
      tar.destroy(error as Error);
    }
  })();
  return tar as unknown as Readable;
}

function openInput(input: string, notes: string[]): { stream: Readable; filename: string } {
  const stat = lstatSync(input);
  if (stat.isDirectory())
    return { stream: packDirectory(input, notes), filename: `${path.basename(path.resolve(input))}.tar` };
  if (!stat.isFile()) throw new AppError("bad_request", `${input} is not a file or directory`);
  return { stream: createReadStream(input), filename: path.basename(input) };
}

async function ingestLocally(options: Options): Promise<Outcome[]> {
  const env = readEnv();
  const target = parseDatabaseUrl(env.DATABASE_URL);
  await migrate(target, migrationsDir(target.kind, path.resolve(import.meta.dirname, "..")));
  const { db } = createDb(target);
  const settings = uploadSettings();
  const outcomes: Outcome[] = [];
  try {
    for (const input of options.inputs) {
      const notes: string[] = [];
      try {
        const { stream, filename } = openInput(input, notes);
        if (!options.json) console.error(`ingesting ${input} …`);
        const spooled = await spoolUpload(stream, { maxBytes: settings.uploadMaxBytes, filename });
        const result = await ingestSpooled(db, [{ ...spooled, filename }], settings.limits, {
          component: options.component,
          clusterArch: settings.clusterArch,
          force: options.force,
        });
        result.warnings.push(...notes);
        outcomes.push({ input, ok: true, status: result.upload.status === "ingested" ? 201 : 200, result });
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        outcomes.push({
          input,
          ok: false,
          status: error.status,
          error: { code: error.code, message: error.message, ...(error.file ? { file: error.file } : {}) },
        });
      }
    }
  } finally {
    await db.$disconnect();
  }
  return outcomes;
}

async function ingestRemotely(options: Options): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  for (const input of options.inputs) {
    const notes: string[] = [];
    const { stream, filename } = openInput(input, notes);
    if (!options.json) console.error(`posting ${input} to ${options.server} …`);
    const headers: Record<string, string> = {
      "content-type": "application/octet-stream",
      "x-filename": encodeURIComponent(filename),
    };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let response: Response;
    try {
      const search = new URLSearchParams();
      if (options.component) search.set("component", options.component);
      if (options.force) search.set("force", "1");
      const query = search.size > 0 ? `?${search.toString()}` : "";
      response = await fetch(`${options.server}/api/bundles${query}`, {
        method: "POST",
        headers,
        body: Readable.toWeb(stream) as ReadableStream,
        duplex: "half",
      } as RequestInit);
    } catch (error) {
      throw new Error(`cannot reach ${options.server}: ${(error as Error).message}`);
    }
    const body = (await response.json().catch(() => null)) as
      StoreBundleResult | { error: { code: string; message: string; file?: string } } | null;
    if (response.ok && body && "upload" in body) {
      body.warnings.push(...notes);
      outcomes.push({ input, ok: true, status: response.status, result: body });
    } else {
      const error =
        body && "error" in body
          ? body.error
          : { code: "http", message: `HTTP ${response.status} without a JSON error` };
      outcomes.push({ input, ok: false, status: response.status, error });
    }
  }
  return outcomes;
}

function printText(outcomes: Outcome[]): void {
  for (const outcome of outcomes) {
    if (!outcome.ok) {
      console.log(
        `✗ ${outcome.input}: rejected (${outcome.status ?? "?"} ${outcome.error.code}) ${outcome.error.message}`,
      );
      continue;
    }
    const { upload, runs, files, warnings } = outcome.result;
    console.log(`✓ ${outcome.input}: ${upload.status} as upload ${upload.id} (sha256 ${upload.sha256.slice(0, 12)})`);
    for (const file of files) {
      console.log(
        `    ${file.status === "ok" ? "·" : "-"} ${file.name} [${file.kind}]${file.message ? ` ${file.message}` : ""}`,
      );
    }
    for (const run of runs) {
      console.log(
        `    run ${run.id} ${run.name}: component ${run.component}, ${run.strategy}, ${run.arches.join(", ") || "no arch"}`,
      );
    }
    for (const warning of warnings) console.log(`    ! ${warning}`);
  }
}

async function main(): Promise<void> {
  let options: Options;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`ingest: ${(error as Error).message}`);
    process.exit(2);
  }
  const outcomes = options.server ? await ingestRemotely(options) : await ingestLocally(options);
  if (options.json) console.log(JSON.stringify(outcomes, null, 2));
  else printText(outcomes);
  process.exit(outcomes.every((o) => o.ok) ? 0 : 1);
}

main().catch((error: unknown) => {
  console.error(`ingest: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
