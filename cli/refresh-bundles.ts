// `npm run bundles:refresh [-- --skopeo] [--dry-run]`: re-pins every task bundle ref of lib/generate/bundle-refs.json
// to the current digest of its tag and rewrites the file with today's date (takenAt, and `seen` = the registry).
// Needs the network (quay.io). By default it asks the registry's HTTP API with Node's fetch (anonymous token);
// --skopeo uses `skopeo inspect --raw` instead (skopeo on PATH; honours its proxy and auth settings).
// --dry-run prints the changes without writing. Then regenerate the goldens:
//   npx vitest run --project unit tests/unit/generate -u
// Exits 1 when a look-up failed (the file is left as it was), 2 on bad usage.
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { bundleRefsSchema } from "../lib/generate/bundle-refs";
import {
  refreshBundleRefs,
  registryResolver,
  serialiseBundleRefs,
  type DigestResolver,
} from "../lib/generate/bundle-refresh";

const USAGE = "usage: npm run bundles:refresh [-- --skopeo] [--dry-run]";
const FILE = fileURLToPath(new URL("../lib/generate/bundle-refs.json", import.meta.url));

/** The manifest digest as the registry computes it: sha256 of the raw manifest bytes (an index stays an index). */
const skopeoResolver: DigestResolver = async (repository, tag) => {
  const { stdout } = await promisify(execFile)("skopeo", ["inspect", "--raw", `docker://${repository}:${tag}`], {
    encoding: "buffer",
    maxBuffer: 16 * 1024 * 1024,
  });
  return `sha256:${createHash("sha256").update(stdout).digest("hex")}`;
};

async function main(argv: string[]): Promise<number> {
  const unknown = argv.filter((arg) => !["--skopeo", "--dry-run"].includes(arg));
  if (unknown.length > 0) {
    console.error(`unknown argument ${unknown[0]}\n${USAGE}`);
    return 2;
  }
  const resolve = argv.includes("--skopeo") ? skopeoResolver : registryResolver(fetch);
  const current = bundleRefsSchema.parse(JSON.parse(readFileSync(FILE, "utf8")));
  const today = new Date().toISOString().slice(0, 10);
  const { file, changes } = await refreshBundleRefs(current, resolve, today);
  for (const change of changes) console.log(`${change.kind}: ${change.from}\n  → ${change.to}`);
  console.log(`${changes.length} of ${Object.keys(file.refs).length} refs changed`);
  if (!argv.includes("--dry-run")) {
    writeFileSync(FILE, serialiseBundleRefs(file));
    console.log(`wrote ${path.relative(process.cwd(), FILE)} (takenAt ${today})`);
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
