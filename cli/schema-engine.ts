// Development tool, never on the app's start path: drives Prisma's schema engine compiled to
// WebAssembly (@prisma/schema-engine-wasm, an internal and unversioned API) through our driver
// adapters, because the native engine cannot be downloaded here. It answers one question:
// "what SQL turns this live database into prisma/schema.prisma?" — used to write new migrations
// (`npm run db -- new-migration <name>`) and by the drift test (answer must be empty).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import pg from "pg";
import type { DatabaseTarget } from "../lib/db/database-url";
import { derivePostgresSchema, SQLITE_SCHEMA_PATH } from "../lib/db/schema-sync";

interface WasmSchemaEngine {
  diff(params: unknown): Promise<{ exitCode: number; stdout: string | null }>;
  free(): void;
}

interface WasmBindings {
  __wbg_set_wasm(exports: WebAssembly.Exports): void;
  SchemaEngine: {
    new: (options: unknown, log: (message: string) => void, adapter: object) => Promise<WasmSchemaEngine>;
  };
}

/** PostgreSQL's internal one-byte `"char"` type; catalog queries return it and adapter-pg cannot map it. */
const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;

function reportCharAsText<T>(result: T): T {
  for (const field of (result as { fields?: { dataTypeID: number }[] }).fields ?? []) {
    if (field.dataTypeID === PG_CHAR_OID) field.dataTypeID = PG_TEXT_OID;
  }
  return result;
}

/** Wraps promise-style `query` calls (the only style adapter-pg uses) to report `"char"` columns as text. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- TypeScript requires any[] for mixin constructors
function withCharAsText<C extends new (...args: any[]) => { query: (...args: never[]) => unknown }>(Base: C): C {
  return class extends Base {
    override query = ((...args: never[]) => {
      const result = super.query(...args);
      return result instanceof Promise ? result.then(reportCharAsText) : result;
    }) as never;
  };
}

const CharAsTextClient = withCharAsText(pg.Client);
const CharAsTextPool = withCharAsText(pg.Pool);

let bindingsPromise: Promise<WasmBindings> | undefined;

/** Instantiates the wasm module by hand: Node 20 cannot import .wasm files as ES modules. */
async function loadBindings(): Promise<WasmBindings> {
  bindingsPromise ??= (async () => {
    const require = createRequire(import.meta.url);
    const jsPath = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
    const bindings = (await import(jsPath)) as WasmBindings;
    const wasmBytes = readFileSync(path.join(path.dirname(jsPath), "schema_engine_bg.wasm"));
    const instance = new WebAssembly.Instance(new WebAssembly.Module(wasmBytes), {
      "./schema_engine_bg.js": bindings as unknown as WebAssembly.ModuleImports,
    });
    bindings.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as (() => void) | undefined)?.();
    return bindings;
  })();
  return bindingsPromise;
}

export function schemaFor(kind: DatabaseTarget["kind"], projectRoot: string): string {
  const sqliteSchema = readFileSync(path.join(projectRoot, SQLITE_SCHEMA_PATH), "utf8");
  return kind === "sqlite" ? sqliteSchema : derivePostgresSchema(sqliteSchema);
}

/**
 * Returns the SQL that would bring the database at `target` to the Prisma schema, or "" when the two
 * already agree (the engine's "empty migration" comment is treated as no change).
 */
export async function diffDatabaseToSchema(target: DatabaseTarget, schema: string): Promise<string> {
  const { SchemaEngine } = await loadBindings();
  const factory =
    target.kind === "sqlite"
      ? new PrismaBetterSqlite3({ url: `file:${target.file}` })
      : new PrismaPg(new CharAsTextPool({ connectionString: target.url, Client: CharAsTextClient }), {
          disposeExternalPool: true,
        });
  const files = [{ path: "schema.prisma", content: schema }];
  const engine = await SchemaEngine.new(
    { datamodels: [["schema.prisma", schema]] },
    () => undefined,
    bindMigrationAwareSqlAdapterFactory(factory),
  );
  try {
    const result = await engine.diff({
      from: { tag: "schemaDatasource", files, configDir: projectRootOf(target) },
      to: { tag: "schemaDatamodel", files },
      script: true,
      exitCode: null,
      filters: { externalTables: [], externalEnums: [] },
    });
    const sql = (result.stdout ?? "").trim();
    return /^-- This is an empty migration\.?$/.test(sql) ? "" : sql;
  } finally {
    engine.free();
  }
}

function projectRootOf(target: DatabaseTarget): string {
  return target.kind === "sqlite" ? path.dirname(target.file) : process.cwd();
}
