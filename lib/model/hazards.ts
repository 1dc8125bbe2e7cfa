// The hazards of a strategy (docs/cost-model.md "Hazards"): policy blockers, hazards seen on the measured runs,
// and what the PVC and split strategies risk or cost beyond their numbers. Pure.
import type { StrategyId } from "../domain/strategies";
import { formatMiB, formatSeconds } from "../format";
import { GIB } from "./defaults";
import type { Builder } from "./graph-costs";
import type { Scenario } from "./scenario";
import type { Hazard } from "./types";

const isPvc = (id: StrategyId) => id.startsWith("pvc-");
const isSplit = (id: StrategyId) => id === "ta-split" || id === "pvc-per-arch-split";

/** The Trusted Artifacts policy, and the hazards seen on the runs of the strategy that was current. */
function policyAndSeen(id: StrategyId, s: Scenario): Hazard[] {
  const hazards: Hazard[] = [];
  if (isPvc(id) && s.settings.requireTrustedArtifacts) {
    hazards.push({
      code: "policy-requires-trusted-artifacts",
      severity: "blocker",
      message:
        "Konflux build pipelines must pass data as Trusted Artifacts (ADR-63); Enterprise Contract rejects " +
        "pipelines that pass it through PVC workspaces. Shown for comparison, never recommended while the policy applies.",
    });
  }
  if (id === s.current) {
    for (const detected of s.detected) {
      hazards.push({
        code: detected.code,
        severity: detected.code === "shared-workspace-race" ? "blocker" : "warning",
        message: `Seen on run ${detected.run}: ${detected.message}`,
      });
    }
  }
  return hazards;
}

/** PVC workspaces: serialised builds and node pinning of the shared one, and workspaces too small for the payload. */
function pvcHazards(id: StrategyId, s: Scenario, b: Builder, serialCostS: number): Hazard[] {
  const hazards: Hazard[] = [];
  // One build arch: nothing to serialise, duplicate or filter per arch (docs/cost-model.md "One build arch").
  const severalArches = s.arches.length > 1;
  if (id === "pvc-shared" && severalArches) {
    hazards.push({
      code: "serialised-remote-builds",
      severity: "info",
      message:
        "Predicted in its race-free form: the remote builds share one workspace, so they run one after another " +
        `(build-definitions#1275: in parallel they rsync into the same workspace and corrupt each other). ` +
        `That costs ${formatSeconds(serialCostS)} of wall time over running them in parallel.`,
    });
  }
  if (id === "pvc-shared" && s.settings.pvcAccessMode === "ReadWriteOnce") {
    hazards.push({
      code: "rwo-node-pinning",
      severity: "warning",
      message: "A ReadWriteOnce volume pins every pod of the pipeline that mounts it to one node.",
    });
  }
  if (isPvc(id)) {
    const perWorkspace =
      id === "pvc-shared"
        ? b.pvcBytes
        : id === "pvc-per-arch-duplicated"
          ? b.pvcBytes / Math.max(1, s.arches.length)
          : Math.max(...s.arches.map((arch) => s.payload[arch] + s.shared), s.source ? s.payload.source + s.shared : 0);
    if (perWorkspace > s.settings.pvcSizeGiB * GIB) {
      hazards.push({
        code: "pvc-too-small",
        severity: "warning",
        message: `A workspace needs ${formatMiB(perWorkspace)} but the PVC is ${s.settings.pvcSizeGiB} GiB: size it with headroom.`,
      });
    }
  }
  return hazards;
}

/** Split prefetch: an input per prefetch task to maintain, and a source container that needs every arch's SRPMs. */
function splitHazards(id: StrategyId, s: Scenario): Hazard[] {
  const hazards: Hazard[] = [];
  if (!isSplit(id)) return hazards;
  if (s.arches.length > 1) {
    hazards.push({
      code: "split-needs-per-arch-input",
      severity: "warning",
      message:
        "Each prefetch task needs its own input: hermeto ≥ 0.39's rpm binary.arch filter, or a lockfile per arch; " +
        `${s.arches.length + (s.source ? 1 : 0)} prefetch tasks to maintain.`,
    });
  } else if (s.source) {
    // One arch: its prefetch uses the component's input as it is; only the SRPM prefetch needs one of its own.
    hazards.push({
      code: "split-needs-per-arch-input",
      severity: "warning",
      message:
        "With one arch only the separate source prefetch needs an input of its own (an SRPM-only lockfile, or the " +
        "arch's input again); 2 prefetch tasks to maintain where the shared pipeline has 1.",
    });
  }
  if (s.source) {
    hazards.push({
      code: "source-needs-all-artifacts",
      severity: "info",
      message:
        "The source container needs every arch's SRPMs, and a per-arch artifact holds only its own. Predicted with a " +
        (s.settings.splitSource === "sources-only"
          ? "separate source prefetch of the SRPMs only (an SRPM-only input, as build-definitions#1275 measured)."
          : "source prefetch of every arch again (the union of their SRPMs, downloading the binaries once more)."),
    });
  }
  return hazards;
}

/** Every hazard of strategy `id` in this scenario, in a fixed order; `serialCostS` is pvc-shared's serialisation. */
export function hazardsOf(id: StrategyId, s: Scenario, b: Builder, serialCostS: number): Hazard[] {
  const hazards = [...policyAndSeen(id, s), ...pvcHazards(id, s, b, serialCostS), ...splitHazards(id, s)];
  if (id === "pvc-per-arch-duplicated" && s.arches.length > 1) {
    hazards.push({
      code: "duplicated-prefetch",
      severity: "warning",
      message: `Every arch downloads and stores everything: ${s.arches.length}× the prefetch traffic and storage.`,
    });
  }
  return hazards;
}
