// `npm run bench [-- options]`: runs every bench part in turn, each writing bench-results/<part>.json.
// A part is a module exporting `run(argv, { ignoreUnknown })`; add one with one line in PARTS.
type Part = { run(argv: string[], options: { ignoreUnknown: boolean }): Promise<void> };

const PARTS: Record<string, () => Promise<Part>> = {
  ingest: () => import("./ingest"),
  query: () => import("./query"),
  page: () => import("./page"),
  scale: () => import("./scale"),
  sync: () => import("./sync"),
  upload: () => import("./upload"),
};

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  for (const [name, load] of Object.entries(PARTS)) {
    console.log(`\n=== bench: ${name} ===`);
    // Options are shared by all parts, so each one skips those meant for another.
    await (await load()).run(argv, { ignoreUnknown: true });
  }
}

main().catch((error: unknown) => {
  console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
