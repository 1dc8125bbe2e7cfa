import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createLogScanner, lineMayCarrySignal, parseClockDuration } from "@/lib/logs/scan-lines";
import type { LogScanResult, LogSignal } from "@/lib/logs/types";
import {
  CACHI2_DIGEST,
  ESC,
  HERMETO_STEP,
  REMOTE_BUILD_STEP,
  SOURCE_DIGEST,
  TA_CREATE_STEP,
  TA_RESTORE_STEP,
} from "./fixtures";

function scan(text: string, options?: Parameters<typeof createLogScanner>[0]): LogScanResult {
  const scanner = createLogScanner(options);
  for (const line of text.split("\n")) scanner.push(line);
  return scanner.finish();
}

function ofKind<K extends LogSignal["kind"]>(result: LogScanResult, kind: K): Extract<LogSignal, { kind: K }>[] {
  return result.signals.filter((signal): signal is Extract<LogSignal, { kind: K }> => signal.kind === kind);
}

describe("createLogScanner on a Trusted Artifacts create step", () => {
  const result = scan(TA_CREATE_STEP);

  it("finds the prepared artifacts with their full digests", () => {
    expect(ofKind(result, "ta-prepared")).toEqual([
      { kind: "ta-prepared", line: 1, path: "/var/workdir/source", digest: `sha256:${SOURCE_DIGEST}` },
      { kind: "ta-prepared", line: 2, path: "/var/workdir/cachi2", digest: `sha256:${CACHI2_DIGEST}` },
    ]);
  });

  it("reads oras' Exists/Uploading/Uploaded lines despite their padding", () => {
    expect(ofKind(result, "ta-blob").map((s) => [s.line, s.action, s.shortDigest, s.artifact])).toEqual([
      [3, "Exists", "5f2b7c1d9e8a", "SOURCE_ARTIFACT"],
      [4, "Uploading", "0a1b2c3d4e5f", "CACHI2_ARTIFACT"],
      [5, "Uploaded", "0a1b2c3d4e5f", "CACHI2_ARTIFACT"],
    ]);
    expect(ofKind(result, "ta-pushed")).toEqual([
      { kind: "ta-pushed", line: 6, ref: "quay.io/redhat-user-workloads/tenant/app.prefetch:9d3c1e7" },
    ]);
  });

  it("summarises the time -v block once, numbered by its first line", () => {
    expect(ofKind(result, "time-v")).toEqual([
      {
        kind: "time-v",
        line: 10,
        command:
          "create-archive --store quay.io/redhat-user-workloads/tenant/app.prefetch:9d3c1e7 SOURCE_ARTIFACT=/var/workdir/source CACHI2_ARTIFACT=/var/workdir/cachi2",
        elapsedS: 95.48,
        maxRssKb: 24512,
        fsOutputs512: 4096,
        exitStatus: 0,
      },
    ]);
    expect(result.lines).toBe(TA_CREATE_STEP.split("\n").length);
    expect(result.warnings).toEqual([]);
  });
});

describe("createLogScanner on a Trusted Artifacts restore step", () => {
  const result = scan(TA_RESTORE_STEP);

  it("finds the retry, both restores and the h:mm:ss elapsed time", () => {
    expect(result.signals.map((s) => s.kind)).toEqual(["retry", "ta-restored", "ta-restored", "time-v"]);
    expect(ofKind(result, "retry")).toEqual([{ kind: "retry", line: 1, attempt: 1 }]);
    expect(ofKind(result, "ta-restored")[1]).toEqual({
      kind: "ta-restored",
      line: 3,
      ref: `quay.io/redhat-user-workloads/tenant/app.prefetch@sha256:${CACHI2_DIGEST}`,
      path: "/var/workdir/cachi2",
    });
    expect(ofKind(result, "time-v")[0]).toMatchObject({ line: 4, elapsedS: 3723, fsOutputs512: 21032448 });
  });

  it("reports the skip file of an already restored artifact", () => {
    expect(ofKind(scan("WARN: found skip file in /var/workdir/cachi2"), "ta-skip")).toEqual([
      { kind: "ta-skip", line: 1, dir: "/var/workdir/cachi2" },
    ]);
  });
});

describe("time -v blocks", () => {
  const block = (elapsed: string) => [
    '\tCommand being timed: "true"',
    `\tElapsed (wall clock) time (h:mm:ss or m:ss): ${elapsed}`,
    "\tMaximum resident set size (kbytes): 1",
  ];

  it("ends a block without Exit status at the next unindented line", () => {
    const result = scan([...block("0:01.50"), "done", "\tunrelated: indented output"].join("\n"));
    expect(ofKind(result, "time-v")).toEqual([
      { kind: "time-v", line: 1, command: "true", elapsedS: 1.5, maxRssKb: 1, fsOutputs512: null, exitStatus: null },
    ]);
  });

  it("ends a block at finish() and splits two blocks that follow each other", () => {
    const result = scan([...block("0:02.00"), ...block("1:00:00")].join("\n"));
    expect(ofKind(result, "time-v").map((s) => [s.line, s.elapsedS])).toEqual([
      [1, 2],
      [4, 3600],
    ]);
  });

  it("ignores tab-indented lines that are not time -v fields", () => {
    expect(scan("\tat com.example.Main(Main.java:12)\n\tCaused by: something").signals).toEqual([]);
  });

  it("parses both clock forms and rejects malformed ones", () => {
    expect(parseClockDuration("1:35.48")).toBe(95.48);
    expect(parseClockDuration("0:00.02")).toBe(0.02);
    expect(parseClockDuration("1:02:03")).toBe(3723);
    expect(parseClockDuration("95.48")).toBeNull();
    expect(parseClockDuration("1:2:3:4")).toBeNull();
    expect(parseClockDuration("a:bc")).toBeNull();
  });
});

describe("createLogScanner on a buildah-remote build step", () => {
  const result = scan(REMOTE_BUILD_STEP);

  it("takes every marker from its output line, never from the verbose echo of the script", () => {
    const markers = ofKind(result, "remote-marker");
    expect(markers.map((m) => [m.line, m.marker, m.at.toISOString()])).toEqual([
      [2, "Prepare connection", "2025-09-17T10:57:02.481Z"],
      [11, "Setup VM", "2025-09-17T10:57:03.100Z"],
      [17, "Rsync data", "2025-09-17T10:57:14.123Z"],
      [37, "Build via ssh", "2025-09-17T10:58:01.999Z"],
      [44, "Rsync back", "2025-09-17T11:10:30.000Z"],
      [58, "Buildah pull", "2025-09-17T11:14:09.250Z"],
      [61, "End remote", "2025-09-17T11:14:40.000Z"],
    ]);
    const lines = REMOTE_BUILD_STEP.split("\n");
    for (const marker of markers) expect(lines[marker.line - 1]).not.toContain("$(");
  });

  it("does not mistake the echoed localhost branch for a local build", () => {
    expect(ofKind(result, "localhost-build")).toEqual([]);
  });

  it("reads the build host's architecture from the marker, not from `$(uname -m)`", () => {
    expect(ofKind(result, "prepare-system-arch")).toEqual([
      { kind: "prepare-system-arch", line: 40, arch: "arm64", at: new Date("2025-09-17T10:58:05.250Z") },
    ]);
  });

  it("gives one rsync-stats signal per block, including a bare summary line", () => {
    expect(ofKind(result, "rsync-stats")).toEqual([
      {
        kind: "rsync-stats",
        line: 24,
        totalFileSize: 2_147_483_648,
        totalBytesSent: 2_148_012_345,
        totalBytesReceived: 77_416,
        bytesPerSecond: 46_695_429.37,
      },
      {
        kind: "rsync-stats",
        line: 48,
        totalFileSize: 10_737_418_240,
        totalBytesSent: 212_345,
        totalBytesReceived: 9_876_543_210,
        bytesPerSecond: 45_123_456.78,
      },
      {
        kind: "rsync-stats",
        line: 56,
        totalFileSize: null,
        totalBytesSent: 48,
        totalBytesReceived: 1_210,
        bytesPerSecond: 838.67,
      },
    ]);
  });

  it("keeps signals in line order and has no hermeto timestamps", () => {
    const lines = result.signals.map((s) => s.line);
    expect(lines).toEqual([...lines].sort((a, b) => a - b));
    expect(result.firstTimestamp).toBeNull();
    expect(result.lastTimestamp).toBeNull();
  });

  it("recognises a local build", () => {
    expect(ofKind(scan("Localhost detected; running build in cluster\r"), "localhost-build")).toEqual([
      { kind: "localhost-build", line: 1 },
    ]);
  });
});

describe("marker timestamps", () => {
  const at = (line: string) => ofKind(scan(line), "remote-marker")[0]?.at.toISOString() ?? null;

  it("accepts a comma or a dot before the fraction, Z or an offset", () => {
    expect(at("[2025-09-17T10:57:14,123456789+00:00] Rsync data")).toBe("2025-09-17T10:57:14.123Z");
    expect(at("[2025-09-17T10:57:14.987Z] Rsync data")).toBe("2025-09-17T10:57:14.987Z");
    expect(at("[2025-09-17T12:57:14,5+02:00] Rsync data")).toBe("2025-09-17T10:57:14.500Z");
    expect(at("[2025-09-17T10:57:14-0130] Rsync data")).toBe("2025-09-17T12:27:14.000Z");
  });

  it("ignores unknown labels, command substitutions and impossible dates", () => {
    expect(at("[2025-09-17T10:57:14,1+00:00] Update CA trust")).toBeNull();
    expect(at("[$(date --utc -Ins)] Rsync data")).toBeNull();
    expect(at("[2025-09-17T10:57:14,1+00:00] Rsync data $(true)")).toBeNull();
    const bad = scan("[2025-13-17T10:57:14,1+00:00] Rsync data");
    expect(bad.signals).toEqual([]);
    expect(bad.warnings).toEqual(['line 1: unreadable timestamp in marker "Rsync data"']);
  });

  it("warns about an architecture it does not know instead of inventing one", () => {
    const result = scan("[2025-09-17T10:58:05,2+00:00] Prepare system (architecture: riscv64)");
    expect(result.signals).toEqual([]);
    expect(result.warnings).toEqual(['line 1: unknown architecture "riscv64" in "Prepare system"']);
  });
});

describe("createLogScanner on a hermeto log", () => {
  const result = scan(HERMETO_STEP);

  it("strips ANSI colours and finds lockfile, arches and success", () => {
    expect(result.signals).toEqual([
      { kind: "hermeto-lockfile", line: 2, path: "rpms.lock.yaml", at: new Date("2025-09-17T10:41:07.415Z") },
      { kind: "hermeto-arch", line: 3, arch: "amd64", at: new Date("2025-09-17T10:41:07.420Z") },
      { kind: "hermeto-arch", line: 6, arch: "arm64", at: new Date("2025-09-17T10:41:39.007Z") },
      { kind: "hermeto-done", line: 8, at: new Date("2025-09-17T10:42:40.123Z") },
    ]);
  });

  it("tracks the first and last stamped lines as UTC, even coloured ones", () => {
    expect(result.firstTimestamp?.toISOString()).toBe("2025-09-17T10:41:07.412Z");
    expect(result.lastTimestamp?.toISOString()).toBe("2025-09-17T10:42:40.123Z");
  });

  it("ignores digit-led lines that are not hermeto stamps", () => {
    const other = scan("2025-09-17T10:41:07Z something\n12 files changed\n2025-09-17 10:41:07,412 not a level");
    expect(other.firstTimestamp).toBeNull();
    expect(other.signals).toEqual([]);
  });

  it("warns about an architecture name it cannot normalise", () => {
    const other = scan("2025-09-17 10:41:07,420 INFO Downloading files for 'i686' architecture.");
    expect(other.signals).toEqual([]);
    expect(other.warnings).toEqual([`line 1: unknown architecture "i686" in hermeto's "Downloading files for"`]);
    expect(other.lastTimestamp?.toISOString()).toBe("2025-09-17T10:41:07.420Z");
  });
});

describe("createLogScanner bookkeeping", () => {
  it("treats CRLF line ends like LF", () => {
    const crlf = scan(REMOTE_BUILD_STEP.replaceAll("\n", "\r\n"));
    expect(crlf).toEqual(scan(REMOTE_BUILD_STEP));
  });

  it("numbers lines from firstLine, or from explicit numbers", () => {
    const scanner = createLogScanner({ firstLine: 100 });
    scanner.push("Localhost detected; running build in cluster");
    scanner.push("noise", 500);
    scanner.push("warning: Command failed and will retry, 2 tries");
    expect(scanner.finish()).toMatchObject({
      lines: 3,
      signals: [
        { kind: "localhost-build", line: 100 },
        { kind: "retry", line: 501, attempt: 2 },
      ],
    });
  });

  it("returns an empty result when nothing was pushed", () => {
    expect(createLogScanner().finish()).toEqual({
      signals: [],
      lines: 0,
      firstTimestamp: null,
      lastTimestamp: null,
      warnings: [],
    });
  });

  it("caps signals and warnings, saying how many were dropped", () => {
    const scanner = createLogScanner({ maxSignals: 2, maxWarnings: 1 });
    for (let i = 0; i < 5; i++) scanner.push("WARN: found skip file in /var/workdir/cachi2");
    scanner.warn("first");
    scanner.warn("second");
    const result = scanner.finish();
    expect(result.signals.map((s) => s.line)).toEqual([1, 2]);
    expect(result.warnings).toEqual(["first", "2 further warnings were dropped"]);
  });

  it("never throws on arbitrary text and counts every pushed line", () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: "binary", maxLength: 80 }), { maxLength: 40 }), (lines) => {
        const scanner = createLogScanner();
        for (const line of lines) scanner.push(line);
        const result = scanner.finish();
        expect(result.lines).toBe(lines.length);
        for (const signal of result.signals) expect(signal.line).toBeGreaterThanOrEqual(1);
      }),
    );
  });

  it("finds a known line whatever noise surrounds it", () => {
    const noise = fc.string({ maxLength: 60 }).filter((s) => !s.includes("\n"));
    fc.assert(
      fc.property(fc.array(noise, { maxLength: 10 }), fc.array(noise, { maxLength: 10 }), (before, after) => {
        const scanner = createLogScanner();
        for (const line of before) scanner.push(`x${line}`);
        scanner.push(`Restored artifact quay.io/a/b@sha256:${SOURCE_DIGEST} to /var/workdir/source`);
        for (const line of after) scanner.push(`x${line}`);
        expect(ofKind(scanner.finish(), "ta-restored")).toEqual([
          {
            kind: "ta-restored",
            line: before.length + 1,
            ref: `quay.io/a/b@sha256:${SOURCE_DIGEST}`,
            path: "/var/workdir/source",
          },
        ]);
      }),
    );
  });
});

describe("escape handling", () => {
  it("finds a signal hidden behind colour codes at the start of a line", () => {
    expect(ofKind(scan(`${ESC}[33mwarning: Command failed and will retry, 3 try${ESC}[0m`), "retry")).toEqual([
      { kind: "retry", line: 1, attempt: 3 },
    ]);
  });
});

describe("skipping lines that cannot carry a signal", () => {
  const realistic = [HERMETO_STEP, TA_CREATE_STEP, TA_RESTORE_STEP, REMOTE_BUILD_STEP].join("\n").split("\n");
  const line = fc.oneof(
    fc.constantFrom(...realistic),
    fc.constantFrom(...realistic).map((l) => `${ESC}[32m${l}`),
    fc.string({ unit: "binary", maxLength: 40 }),
  );

  it("skip() has the same effect as push() for every line lineMayCarrySignal rules out", () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 60 }), (lines) => {
        const pushed = createLogScanner();
        const skipping = createLogScanner();
        for (const [index, text] of lines.entries()) {
          pushed.push(text, index + 1);
          if (!text.includes(ESC) && !lineMayCarrySignal(text.charCodeAt(0))) skipping.skip(index + 1);
          else skipping.push(text, index + 1);
        }
        expect(skipping.finish()).toEqual(pushed.finish());
      }),
      { numRuns: 300 },
    );
  });

  it("rules out plain build output but not markers, stamps, tabs or signal letters", () => {
    expect(
      ["  Installing : x", "(1/2): a.rpm", "gcc -c a.c", "", "\r"].map((l) => lineMayCarrySignal(l.charCodeAt(0))),
    ).toEqual([false, false, false, false, false]);
    expect(
      ["\tExit status: 0", "[2025-01-01T00:00:00Z] x", "2025-", "Total", "sent", "Restored"].map((l) =>
        lineMayCarrySignal(l.charCodeAt(0)),
      ),
    ).toEqual([true, true, true, true, true, true]);
  });
});
