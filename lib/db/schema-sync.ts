// Prisma fixes the database provider per schema file, so the PostgreSQL schema is derived from the
// SQLite one (prisma/schema.prisma). Only the provider and the generated client's folder differ.

export const SQLITE_SCHEMA_PATH = "prisma/schema.prisma";
export const POSTGRES_SCHEMA_PATH = "prisma/postgresql/schema.prisma";

const GENERATED_NOTE =
  "// GENERATED from prisma/schema.prisma by `npm run db -- sync-schema`: do not edit; edit that file and re-run.\n";

export function derivePostgresSchema(sqliteSchema: string): string {
  const withProvider = sqliteSchema.replace(/provider\s*=\s*"sqlite"/, 'provider = "postgresql"');
  const withOutput = withProvider.replace(
    /output(\s*)=\s*"\.\.\/generated\/sqlite"/,
    'output$1= "../../generated/postgresql"',
  );
  if (withProvider === sqliteSchema || withOutput === withProvider) {
    throw new Error(`${SQLITE_SCHEMA_PATH} must contain provider = "sqlite" and output = "../generated/sqlite"`);
  }
  return GENERATED_NOTE + withOutput;
}
