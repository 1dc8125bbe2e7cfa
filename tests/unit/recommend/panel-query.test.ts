// The recommendation panel's query, as the browser builds it (its react-query key and fetch URL) and as the
// component page rebuilds it on the server to compute the panel's first answer: the same string from the same URL,
// no first answer where the API would refuse the query (422), and how long the page waits for it.
import { describe, expect, it } from "vitest";
import { panelApiQuery, searchParamsOf } from "@/components/recommendation/panel-query";
import { panelRecommendationQuery, settledWithin } from "@/lib/recommend/panel-initial";
import { parseRecommendationQuery } from "@/lib/recommend/query";

describe("panelApiQuery", () => {
  it("keeps the run filters and what-if settings in URL order and drops the page's other parameters", () => {
    const url = new URLSearchParams(
      "stat=p90&objective=bytesMoved&branch=main&sort=-duration&rsyncMiBps.s390x=20&page=2&requireTrustedArtifacts=false",
    );
    expect(panelApiQuery(url)).toBe(
      "objective=bytesMoved&branch=main&rsyncMiBps.s390x=20&requireTrustedArtifacts=false",
    );
  });

  it("is empty without any of them", () => {
    expect(panelApiQuery(new URLSearchParams("stat=mean&sort=startTime"))).toBe("");
    expect(panelApiQuery(new URLSearchParams())).toBe("");
  });

  it("gives the server's searchParams prop the browser's string for the same URL", () => {
    const text = "from=2026-01-01&platforms=linux%2Fs390x%2Camd64&stat=p90&expiryDays=7&payloadMiB.source=12";
    // What Next hands the page for that URL: decoded values, repeated keys as arrays.
    const prop = Object.fromEntries(new URLSearchParams(text));
    expect(panelApiQuery(searchParamsOf(prop))).toBe(panelApiQuery(new URLSearchParams(text)));
  });
});

describe("searchParamsOf", () => {
  it("spells repeated keys once per value and skips undefined ones", () => {
    expect(searchParamsOf({ status: ["Succeeded", "Failed"], branch: "main", to: undefined }).toString()).toBe(
      "status=Succeeded&status=Failed&branch=main",
    );
  });
});

describe("panelRecommendationQuery", () => {
  it("parses what the API accepts as the API does", () => {
    const text = "objective=registryBytes&requireTrustedArtifacts=false&registryDownMiBps=5&rsyncMiBps.arm64=30";
    expect(panelRecommendationQuery(text)).toEqual(parseRecommendationQuery(new URLSearchParams(text)));
    expect(panelRecommendationQuery("")).toEqual({ settings: {}, filters: {} });
  });

  it("has no query where the API answers 422, so the panel fetches and shows that answer", () => {
    expect(panelRecommendationQuery("objective=speed")).toBeNull();
    expect(panelRecommendationQuery("rsyncMiBps.s390x=-1")).toBeNull();
    expect(panelRecommendationQuery("thresholdPct=101")).toBeNull();
  });
});

describe("settledWithin", () => {
  it("gives the value of a promise that settles in time, and null for one that does not", async () => {
    await expect(settledWithin(Promise.resolve(0), 50)).resolves.toEqual({ value: 0 });
    await expect(settledWithin(Promise.resolve(null), 50)).resolves.toEqual({ value: null });
    const slow = new Promise<string>((resolve) => setTimeout(() => resolve("late"), 200));
    await expect(settledWithin(slow, 10)).resolves.toBeNull();
    await expect(slow).resolves.toBe("late");
  });
});
