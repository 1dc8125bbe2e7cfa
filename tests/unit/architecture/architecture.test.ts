// The rooms hold: every import goes down the rooms table of ARCHITECTURE.md (the same zones `npm run lint`
// enforces, checked here on the resolved import graph), no file of lib/ is in an import circle, and files and
// functions stay small enough to read.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { pathToFileURL } from "node:url";
import { importCycles, readSources, ROOT } from "./source-graph";

/** [room, folders it must not import, why]: the zones of eslint.config.mjs, so lint and this test agree. */
type Zone = [target: string, forbidden: string[], why: string];
const { ZONES } = (await import(pathToFileURL(path.join(ROOT, "eslint.config.mjs")).href)) as { ZONES: Zone[] };

const sources = readSources();
const inside = (file: string, folder: string) => file === folder || file.startsWith(`${folder}/`);

/** Longer than these only with a reason, given here. */
const MAX_FILE_LINES = 350;
const MAX_FUNCTION_LINES = 80;
const FUNCTION_LIMIT_FOLDERS = ["lib/ingest", "lib/measure", "lib/logs", "lib/pipeline"];
const LONG_FILES: Record<string, string> = {};
const LONG_FUNCTIONS: Record<string, string> = {};

describe("the rooms of ARCHITECTURE.md", () => {
  it("has no import that runs back up the rooms table", () => {
    const broken: string[] = [];
    for (const source of sources) {
      for (const [target, forbidden] of ZONES) {
        if (!inside(source.file, target)) continue;
        for (const { target: imported, specifier } of source.imports) {
          const room = forbidden.find((folder) => inside(imported, folder));
          if (room) broken.push(`${source.file} imports ${specifier} (${room})`);
        }
      }
    }
    expect(broken).toEqual([]);
  });

  it("reads the zones it checks (a zone that matches no file is a typo)", () => {
    for (const [target] of ZONES) {
      expect(
        sources.some((source) => inside(source.file, target)),
        target,
      ).toBe(true);
    }
  });

  it("has no import circle between files of lib/", () => {
    const lib = sources.filter((source) => source.file.startsWith("lib/"));
    expect(lib.length).toBeGreaterThan(100);
    expect(importCycles(lib)).toEqual([]);
  });

  it("finds a circle when there is one (the check itself works)", () => {
    const file = (name: string, imports: string[]) => ({
      file: name,
      lines: 1,
      imports: imports.map((target) => ({ target, specifier: target, typeOnly: false })),
      packages: [],
      functions: [],
    });
    expect(importCycles([file("a", ["b"]), file("b", ["c"]), file("c", ["a"]), file("d", ["a"])])).toEqual([
      ["a", "b", "c"],
    ]);
  });

  it("keeps browser components away from server modules", () => {
    const client = sources.filter((source) => source.file.startsWith("components/"));
    const server = ["lib/db", "lib/pipeline", "lib/ingest", "lib/http", "lib/config"];
    const broken = client.flatMap((source) =>
      source.imports
        .filter(({ target, typeOnly }) => !typeOnly && server.some((folder) => inside(target, folder)))
        .map(({ specifier }) => `${source.file} imports ${specifier}`),
    );
    expect(broken).toEqual([]);
  });
});

describe("sizes", () => {
  it(`keeps files of lib/ and components/ under ${MAX_FILE_LINES} lines`, () => {
    const long = sources
      .filter((source) => /^(lib|components)\//.test(source.file) && source.lines > MAX_FILE_LINES)
      .filter((source) => !(source.file in LONG_FILES))
      .map((source) => `${source.file}: ${source.lines} lines`);
    expect(long).toEqual([]);
  });

  it(`keeps functions of ${FUNCTION_LIMIT_FOLDERS.join(", ")} under ${MAX_FUNCTION_LINES} lines`, () => {
    const long = sources
      .filter((source) => FUNCTION_LIMIT_FOLDERS.some((folder) => inside(source.file, folder)))
      .flatMap((source) =>
        source.functions
          .filter((fn) => fn.lines > MAX_FUNCTION_LINES && !(`${source.file}:${fn.name}` in LONG_FUNCTIONS))
          .map((fn) => `${source.file}:${fn.line} ${fn.name}: ${fn.lines} lines`),
      );
    expect(long).toEqual([]);
  });

  it("opens every source file of lib/ and components/ with a comment saying what it does", () => {
    const bare = sources
      .filter((source) => /^(lib|components)\//.test(source.file))
      .filter((source) => !/^\s*(\/\/|\/\*|"use (client|server)";\s*\n\s*(\/\/|\/\*))/.test(headOf(source.file)))
      .map((source) => source.file);
    expect(bare).toEqual([]);
  });
});

function headOf(file: string): string {
  return readFileSync(path.join(ROOT, file), "utf8").slice(0, 400);
}
