// The five task graphs (docs/cost-model.md "What each strategy computes"; the generator emits the same shapes, docs/generator.md): the tasks each
// strategy runs, what each one costs and what it waits for. Pure.
import type { StrategyId } from "../domain/strategies";
import {
  addTask,
  buildTime,
  cloneArtifact,
  newBuilder,
  payloadParts,
  prefetch,
  restore,
  rsync,
  sourceParts,
  totalPayload,
  upload,
  type Builder,
} from "./graph-costs";
import type { Scenario } from "./scenario";

function taShared(s: Scenario): Builder {
  const b = newBuilder();
  const artifact = totalPayload(s);
  cloneArtifact(s, b);
  addTask(
    b,
    "prefetch-dependencies",
    prefetch(s, b, "prefetch-dependencies", payloadParts(s), 1) + upload(s, b, "prefetch-dependencies", artifact),
    [],
  );
  for (const arch of s.arches) {
    const task = `build-images (${arch})`;
    const seconds =
      restore(s, b, task, artifact + s.shared, "every arch's dependencies") +
      rsync(s, b, task, arch, artifact + s.shared);
    const build = buildTime(s, b, task, arch);
    addTask(b, task, seconds + build.seconds, ["prefetch-dependencies"], build.queueS);
  }
  if (s.source) {
    const task = "build-source-image";
    const build = buildTime(s, b, task, "source");
    addTask(
      b,
      task,
      restore(s, b, task, artifact + s.shared, "the whole artifact") + build.seconds,
      ["prefetch-dependencies"],
      build.queueS,
    );
  }
  return b;
}

function taSplit(s: Scenario): Builder {
  const b = newBuilder();
  const concurrent = s.arches.length + (s.source ? 1 : 0);
  cloneArtifact(s, b);
  for (const arch of s.arches) {
    const prefetchTask = `prefetch-dependencies-${arch}`;
    const artifact = s.payload[arch];
    addTask(
      b,
      prefetchTask,
      prefetch(s, b, prefetchTask, [arch], concurrent) + upload(s, b, prefetchTask, artifact),
      [],
    );
    const task = `build-${arch}`;
    const seconds =
      restore(s, b, task, artifact + s.shared, `its own arch (${arch})`) + rsync(s, b, task, arch, artifact + s.shared);
    const build = buildTime(s, b, task, arch);
    addTask(b, task, seconds + build.seconds, [prefetchTask], build.queueS);
  }
  if (s.source) {
    const prefetchTask = "prefetch-dependencies-source";
    const parts = sourceParts(s);
    const artifact = parts.reduce((sum, part) => sum + s.payload[part], 0);
    addTask(
      b,
      prefetchTask,
      prefetch(s, b, prefetchTask, parts, concurrent) + upload(s, b, prefetchTask, artifact),
      [],
    );
    const task = "build-source-image";
    const build = buildTime(s, b, task, "source");
    addTask(
      b,
      task,
      restore(s, b, task, artifact + s.shared, "the source artifact") + build.seconds,
      [prefetchTask],
      build.queueS,
    );
  }
  return b;
}

function pvcShared(s: Scenario): Builder {
  const b = newBuilder();
  const workspace = totalPayload(s) + s.shared;
  b.pvcBytes = workspace;
  addTask(b, "prefetch-dependencies", prefetch(s, b, "prefetch-dependencies", payloadParts(s), 1), []);
  // Race-free form only: the remote builds that share the workspace run one after another.
  let previous = "prefetch-dependencies";
  for (const arch of s.arches) {
    const task = `build-${arch}`;
    const build = buildTime(s, b, task, arch);
    addTask(b, task, rsync(s, b, task, arch, workspace) + build.seconds, [previous], build.queueS);
    previous = task;
  }
  if (s.source) {
    const build = buildTime(s, b, "build-source-image", "source");
    addTask(b, "build-source-image", build.seconds, ["prefetch-dependencies"], build.queueS);
  }
  return b;
}

function pvcPerArchDuplicated(s: Scenario): Builder {
  const b = newBuilder();
  const everything = totalPayload(s) + s.shared;
  b.pvcBytes = everything * s.arches.length;
  for (const arch of s.arches) {
    const prefetchTask = `prefetch-dependencies-${arch}`;
    addTask(b, prefetchTask, prefetch(s, b, prefetchTask, payloadParts(s), s.arches.length), []);
    const task = `build-${arch}`;
    const build = buildTime(s, b, task, arch);
    addTask(b, task, rsync(s, b, task, arch, everything) + build.seconds, [prefetchTask], build.queueS);
  }
  if (s.source && s.arches.length > 0) {
    // The source build mounts the first arch's workspace, which already holds everything.
    const build = buildTime(s, b, "build-source-image", "source");
    addTask(b, "build-source-image", build.seconds, [`prefetch-dependencies-${s.arches[0]}`], build.queueS);
  }
  return b;
}

function pvcPerArchSplit(s: Scenario): Builder {
  const b = newBuilder();
  const concurrent = s.arches.length + (s.source ? 1 : 0);
  for (const arch of s.arches) {
    const prefetchTask = `prefetch-dependencies-${arch}`;
    const workspace = s.payload[arch] + s.shared;
    b.pvcBytes += workspace;
    addTask(b, prefetchTask, prefetch(s, b, prefetchTask, [arch], concurrent), []);
    const task = `build-${arch}`;
    const build = buildTime(s, b, task, arch);
    addTask(b, task, rsync(s, b, task, arch, workspace) + build.seconds, [prefetchTask], build.queueS);
  }
  if (s.source) {
    const parts = sourceParts(s);
    b.pvcBytes += parts.reduce((sum, part) => sum + s.payload[part], 0) + s.shared;
    addTask(b, "prefetch-dependencies-source", prefetch(s, b, "prefetch-dependencies-source", parts, concurrent), []);
    const build = buildTime(s, b, "build-source-image", "source");
    addTask(b, "build-source-image", build.seconds, ["prefetch-dependencies-source"], build.queueS);
  }
  return b;
}

export const GRAPHS: Record<StrategyId, (s: Scenario) => Builder> = {
  "ta-shared": taShared,
  "ta-split": taSplit,
  "pvc-shared": pvcShared,
  "pvc-per-arch-duplicated": pvcPerArchDuplicated,
  "pvc-per-arch-split": pvcPerArchSplit,
};
