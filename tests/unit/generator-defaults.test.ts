import { describe, expect, it } from "vitest";
import { buildCostTable, type PhaseAggregate } from "@/lib/queries/cost-table";
import { generatorDefaults } from "@/lib/queries/generator-defaults";

const payload = (arch: string, bytes: number): PhaseAggregate => ({
  arch,
  phase: "payload",
  seconds: null,
  bytes,
  n: 1,
});
const prefetch = (arch: string): PhaseAggregate => ({ arch, phase: "prefetch", seconds: 10, bytes: null, n: 1 });

describe("generatorDefaults", () => {
  const table = buildCostTable(
    "c",
    3,
    "median",
    [payload("s390x", 300), payload("amd64", 100), prefetch("arm64"), payload("source", 50), payload("shared", 7)],
    [],
  );

  it("takes the measured build arches in table order and the sizes per arch and in total", () => {
    const defaults = generatorDefaults(table, []);
    expect(defaults.platforms).toEqual(["amd64", "arm64", "s390x"]);
    expect(defaults.payloadBytes).toBe(457);
    // arm64 measured no size; the shared prefetch's row is no arch the generator knows.
    expect(defaults.payloadBytesByArch).toEqual({ amd64: 100, s390x: 300, source: 50 });
  });

  it("prefills the most common generatable strategy, else ta-shared", () => {
    expect(generatorDefaults(table, []).defaultStrategy).toBe("ta-shared");
    expect(
      generatorDefaults(table, [
        { strategy: "unknown", runs: 9 },
        { strategy: "pvc-shared", runs: 2 },
        { strategy: "ta-split", runs: 3 },
      ]).defaultStrategy,
    ).toBe("ta-split");
    expect(generatorDefaults(table, [{ strategy: "unknown", runs: 9 }]).defaultStrategy).toBe("ta-shared");
    // A tie goes to the first in STRATEGY_IDS order.
    expect(
      generatorDefaults(table, [
        { strategy: "pvc-per-arch-split", runs: 2 },
        { strategy: "ta-split", runs: 2 },
      ]).defaultStrategy,
    ).toBe("ta-split");
  });

  it("falls back to all four build arches when the table has none", () => {
    const empty = buildCostTable("c", 0, "median", [payload("source", 5)], []);
    expect(generatorDefaults(empty, []).platforms).toEqual(["amd64", "arm64", "ppc64le", "s390x"]);
  });
});
