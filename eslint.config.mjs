import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

// The rooms of ARCHITECTURE.md ("Rooms"): each folder and the folders it must not import from. Paths are
// resolved (relative and `@/` imports alike), and type-only imports count: a room's types are part of it.
const LIB_ROOMS = {
  pipeline: ["lib/pipeline"],
  sources: ["lib/sources"],
  read: ["lib/queries", "lib/recommend", "lib/runs", "lib/charts", "lib/export"],
  web: ["lib/http"],
  db: ["lib/db"],
  ingest: ["lib/ingest"],
  measure: ["lib/measure"],
  readers: ["lib/tekton", "lib/logs"],
  cores: ["lib/model", "lib/generate", "lib/regressions"],
  base: ["lib/domain", "lib/config", "lib/errors.ts", "lib/format.ts", "lib/ts-worker.ts"],
};
const ENTRY = ["app", "cli", "components"];
const all = (...rooms) => rooms.flatMap((room) => LIB_ROOMS[room]);

/** What each room may not import, and why (the arrow it would break). */
export const ZONES = [
  [
    "lib/pipeline",
    [...ENTRY, ...all("read", "web")],
    "a use case runs source → parse → derive → store; it serves no page",
  ],
  [
    "lib/sources",
    [...ENTRY, ...all("pipeline", "read", "web", "db", "ingest", "measure", "readers", "cores")],
    "a source only fetches: the upload path parses, derives and stores what it brings",
  ],
  ["lib/queries", [...ENTRY, ...all("pipeline", "web", "ingest", "readers")], "read models read the database only"],
  ["lib/recommend", [...ENTRY, ...all("pipeline", "web", "ingest", "readers")], "read models read the database only"],
  ["lib/runs", [...ENTRY, ...all("pipeline", "web", "ingest", "readers")], "read models read the database only"],
  ["lib/charts", [...ENTRY, ...all("pipeline", "web", "ingest", "db")], "chart series are pure"],
  [
    "lib/export",
    [...ENTRY, ...all("pipeline", "read", "web", "db", "ingest", "measure", "readers", "cores")],
    "CSV writing is pure",
  ],
  [
    "lib/http",
    [...ENTRY, ...all("pipeline", "read", "db", "measure", "readers", "cores")],
    "the web layer hands requests to use cases and read models; it does neither itself",
  ],
  [
    "lib/db",
    [...ENTRY, ...all("pipeline", "read", "web", "ingest", "readers", "cores")],
    "the database layer writes and reads rows; it parses no file",
  ],
  [
    "lib/ingest",
    [...ENTRY, ...all("pipeline", "read", "web", "db", "cores")],
    "parsers are pure: bytes in, facts out, no database",
  ],
  [
    "lib/measure",
    [...ENTRY, ...all("pipeline", "read", "web", "db", "ingest", "cores")],
    "deriving is pure and owns its input types",
  ],
  [
    "lib/tekton",
    [...ENTRY, ...all("pipeline", "read", "web", "db", "ingest", "measure", "cores"), "lib/logs"],
    "readers of Tekton objects are pure",
  ],
  [
    "lib/logs",
    [...ENTRY, ...all("pipeline", "read", "web", "db", "ingest", "measure", "cores"), "lib/tekton"],
    "log scanning is pure",
  ],
  [
    "lib/model",
    [...ENTRY, ...all("pipeline", "read", "web", "db", "ingest", "measure"), "lib/logs", "lib/generate"],
    "the cost model is pure",
  ],
  [
    "lib/generate",
    [...ENTRY, ...all("pipeline", "read", "web", "db", "ingest", "measure"), "lib/logs", "lib/model"],
    "the generator is pure",
  ],
  [
    "lib/regressions",
    [...ENTRY, ...all("pipeline", "read", "web", "db", "ingest", "measure"), "lib/logs", "lib/model", "lib/generate"],
    "the regression statistics are pure",
  ],
  [
    "lib/domain",
    [
      ...ENTRY,
      ...Object.values(LIB_ROOMS)
        .flat()
        .filter((path) => path !== "lib/domain"),
    ],
    "domain types and constants import nothing of ours",
  ],
  [
    "lib/config",
    [
      ...ENTRY,
      ...Object.values(LIB_ROOMS)
        .flat()
        .filter((path) => !["lib/config", "lib/domain"].includes(path)),
    ],
    "configuration reads the environment only",
  ],
];

/** Browser code: no server module at all; read models' contracts (`*.types.ts`) and type-only imports are fine. */
const CLIENT_RESTRICTED = [
  {
    group: [
      "@/lib/db",
      "@/lib/db/*",
      "@/lib/pipeline/*",
      "@/lib/ingest",
      "@/lib/ingest/*",
      "@/lib/http/*",
      "@/lib/config/*",
    ],
    message: "components/ runs in the browser: no server module (ARCHITECTURE.md, Rooms)",
  },
  {
    group: ["@/lib/queries/*", "!@/lib/queries/*.types"],
    allowTypeImports: true,
    message:
      "components/ may import a read model's types (`import type`, or its *.types.ts contract), not the read model",
  },
  {
    group: ["@/lib/runs/*", "!@/lib/runs/timeline", "!@/lib/runs/compare.types"],
    allowTypeImports: true,
    message: "components/ may import lib/runs' pure timeline and contracts only",
  },
  {
    group: ["@/lib/recommend/*", "!@/lib/recommend/params"],
    allowTypeImports: true,
    message: "components/ may import lib/recommend/params only (the rest reads the database)",
  },
  { group: ["../lib/*", "../../lib/*"], message: "import lib/ through @/lib/… in components/" },
];

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: [
      "node_modules/**",
      ".next/**",
      "generated/**",
      "data/**",
      "test-results/**",
      "playwright-report/**",
      "next-env.d.ts",
    ],
  },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    files: ["lib/**/*.ts", "lib/**/*.tsx"],
    rules: {
      "import/no-restricted-paths": [
        "error",
        {
          zones: ZONES.map(([target, from, why]) => ({
            target: `./${target}`,
            from: from.map((path) => `./${path}`),
            message: `${target} must not import this: ${why} (ARCHITECTURE.md, Rooms).`,
          })),
        },
      ],
    },
  },
  {
    files: ["components/**/*.ts", "components/**/*.tsx"],
    rules: {
      "@typescript-eslint/no-restricted-imports": ["error", { patterns: CLIENT_RESTRICTED }],
    },
  },
];

export default config;
