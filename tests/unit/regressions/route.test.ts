// GET /api/components/{name}/regressions before the database: the query is parsed strictly (defaults, bounds, the
// run filters) and a bad value is a 400 naming it.
import { afterEach, describe, expect, it, vi } from "vitest";
import { GET } from "@/app/api/components/[name]/regressions/route";
import { AppError } from "@/lib/errors";
import { parseRegressionsQuery } from "@/lib/queries/get-regressions.types";
import { DEFAULT_REGRESSION_SETTINGS } from "@/lib/regressions/settings";

const parse = (query: string) => parseRegressionsQuery(new URLSearchParams(query));

describe("parseRegressionsQuery", () => {
  it("defaults to the documented settings, stratified by strategy, flagged cells only", () => {
    expect(parse("")).toEqual({ settings: DEFAULT_REGRESSION_SETTINGS, stratify: "strategy", all: false, filters: {} });
  });

  it("reads the windows, thresholds, stratification and run filters", () => {
    const query = parse("recent=5&baseline=12&minChangePct=50&alpha=0.05&stratify=none&all=true&event=push");
    expect(query).toEqual({
      settings: { recent: 5, baseline: 12, minBaseline: 4, minChangePct: 50, alpha: 0.05 },
      stratify: "none",
      all: true,
      filters: { event: "push" },
    });
    expect(parse("baseline=6&minBaseline=20").settings.minBaseline).toBe(6);
  });

  it("names every bad value in one bad_request", () => {
    let error: unknown;
    try {
      parse("recent=0&alpha=2&stratify=arch&status=Done");
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(AppError);
    const appError = error as AppError;
    expect(appError.status).toBe(400);
    expect(appError.message).toMatch(/^Invalid regressions query: /);
    for (const field of ["recent", "alpha", "stratify", "status"]) expect(appError.message).toContain(`${field}:`);
  });
});

describe("GET /api/components/{name}/regressions", () => {
  afterEach(() => vi.unstubAllEnvs());

  it("answers a bad query with 400 and the field, before reading the database", async () => {
    vi.stubEnv("READ_TOKEN", "");
    const response = await GET(new Request("http://test/api/components/x/regressions?baseline=abc"), {
      params: Promise.resolve({ name: "x" }),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("bad_request");
    expect(body.error.message).toMatch(/^Invalid regressions query: baseline: /);
  });
});
