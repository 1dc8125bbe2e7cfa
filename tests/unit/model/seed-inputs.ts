// Model inputs built by hand from build-definitions#1275's tables (prisma/demo/build-definitions-1275.md),
// the way lib/recommend reads a hand table measured with split prefetch and Trusted Artifacts: per-arch
// payloads, and per-arch (bytes, seconds) points for prefetch, create/upload, restore and rsync, all of one run
// (the table is one stored run, as the database has it).
import type { BuildArch } from "@/lib/domain/arch";
import { MIB } from "@/lib/domain/phases";
import type { ModelInputs, PayloadArch, PhaseSample } from "@/lib/model/types";

type Row = [size: number, prefetch: number, upload: number, restore: number, rsync: number | null];

export const SEED: Record<"flatpak-runtime" | "flatpak-sdk", Record<PayloadArch, Row>> = {
  "flatpak-runtime": {
    amd64: [295, 40, 35, 9, 4],
    arm64: [271, 40, 30, 7, 2],
    ppc64le: [281, 44, 31, 7, 6],
    s390x: [285, 33, 24, 9, 6],
    source: [2719, 130, 257, 42, null],
  },
  "flatpak-sdk": {
    amd64: [572, 545, 61, 18, 4],
    arm64: [536, 528, 50, 20, 3],
    ppc64le: [546, 528, 52, 25, 11],
    s390x: [544, 530, 48, 13, 11],
    source: [3552, 888, 336, 159, null],
  },
};

const ARCHES: BuildArch[] = ["amd64", "arm64", "ppc64le", "s390x"];

export function seedInputs(component: keyof typeof SEED): ModelInputs {
  const rows = SEED[component];
  const source = "manual table (build-definitions#1275)";
  const samples: PhaseSample[] = [];
  for (const [part, [size, prefetch, upload, restore, rsync]] of Object.entries(rows) as [PayloadArch, Row][]) {
    const bytes = size * MIB;
    samples.push({ phase: "prefetch", parts: 1, bytes, seconds: prefetch, source, runId: 1 });
    samples.push({ phase: "upload", parts: 1, bytes, seconds: upload, source, runId: 1 });
    samples.push({ phase: "restore", parts: 1, bytes, seconds: restore, source, runId: 1 });
    if (rsync !== null && part !== "source")
      samples.push({ phase: "rsync", parts: 1, bytes, seconds: rsync, arch: part, source, runId: 1 });
  }
  return {
    component,
    measuredPlatforms: ARCHES,
    remotePlatforms: { arches: ARCHES, source: "rsync measured for every arch" },
    payload: Object.fromEntries(
      (Object.entries(rows) as [PayloadArch, Row][]).map(([part, [size]]) => [part, { value: size * MIB, source }]),
    ),
    sharedBytes: null,
    samples,
    buildS: {},
    queueS: {},
    current: { strategy: "ta-split", source: "stated by the table" },
    detectedHazards: [],
    backtestRuns: [],
  };
}
