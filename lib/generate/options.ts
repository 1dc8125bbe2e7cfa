// The POST /api/generate contract: the zod request schema, its documented defaults, and the resolution of a
// request into concrete values (platforms, images, PVC sizes, bundles). Impossible requests throw GenerateError.
import { z } from "zod";
import { ALL_ARCHES, BUILD_ARCHES, normalizeArch, type BuildArch } from "../domain/arch";
import { STRATEGY_IDS, type StrategyId } from "../domain/strategies";
import { archFromPlatform } from "../tekton/arch";
import { DEFAULT_BUNDLES } from "./bundles";
import { GenerateError } from "./errors";
import { DEFAULT_PLATFORM_VALUES, RPM_ARCH } from "./platforms";
import { isTrustedArtifacts } from "./templates";
import { upstreamTaskKinds } from "./upstream";

export const OUTPUT_FORMATS = ["pipelinerun", "tasks"] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export const PER_ARCH_INPUT_MODES = ["hermeto-binary-arch", "path-pattern"] as const;
export type PerArchInputMode = (typeof PER_ARCH_INPUT_MODES)[number];

export const PVC_ACCESS_MODES = ["ReadWriteOnce", "ReadWriteMany"] as const;
export type PvcAccessMode = (typeof PVC_ACCESS_MODES)[number];

/** The placeholder a `path-pattern` prefetch input carries, replaced by each arch's name. */
export const ARCH_PLACEHOLDER = "@arch@";

export { DEFAULT_PLATFORM_VALUES, RPM_ARCH } from "./platforms";

export const DEFAULT_PLATFORMS = ["amd64", "arm64"] as const;
export const DEFAULT_PREFETCH_INPUT = '{"type":"rpm","path":"."}';
const GIB = 1024 ** 3;

/** Kubernetes DNS-1123 label: what a component name must be to end up in object names and labels. */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const dnsLabel = (what: string) =>
  z
    .string()
    .max(63, `${what} must be at most 63 characters`)
    .regex(
      DNS_LABEL,
      `${what} must be a DNS label: lower-case letters, digits and '-', starting and ending alphanumeric`,
    );

const byteCount = z.number().int().nonnegative();

export const generateOptionsSchema = z
  .object({
    namespace: dnsLabel("namespace")
      .optional()
      .describe("Tenant namespace of the PipelineRun and of the default output image. Default: `<component>-tenant`."),
    application: dnsLabel("application")
      .optional()
      .describe("Value of the `appstudio.openshift.io/application` label. Default: the component name."),
    event: z
      .enum(["push", "pull_request"])
      .default("push")
      .describe(
        "Pipelines-as-Code event the file reacts to. Decides the name suffix (`-on-push` / `-on-pull-request`), " +
          "the CEL expression, the default image tag and the default expiry.",
      ),
    targetBranch: z.string().min(1).default("main").describe("Branch in the `on-cel-expression`. Default `main`."),
    outputImage: z
      .string()
      .min(1)
      .optional()
      .describe(
        "The `output-image` param. Default, as Konflux onboarding writes it: " +
          "`quay.io/redhat-user-workloads/<namespace>/<component>:{{revision}}` for push and " +
          "`…:on-pr-{{revision}}` for pull requests (PaC fills `{{revision}}` with the commit sha).",
      ),
    gitUrl: z
      .string()
      .min(1)
      .default("{{source_url}}")
      .describe("The `git-url` param. Default `{{source_url}}` (PaC)."),
    revision: z.string().min(1).default("{{revision}}").describe("The `revision` param. Default `{{revision}}` (PaC)."),
    prefetchInput: z
      .string()
      .min(1)
      .optional()
      .describe(
        "The hermeto input JSON (`prefetch-input`). Default `" +
          DEFAULT_PREFETCH_INPUT +
          "`, or in patch mode the base file's own `prefetch-input` value.",
      ),
    perArchInput: z
      .enum(PER_ARCH_INPUT_MODES)
      .default("hermeto-binary-arch")
      .describe(
        "How split strategies derive each arch's input. `hermeto-binary-arch`: every rpm entry gets " +
          '`"binary":{"arch":"<rpm arch>"}` (hermeto ≥ 0.39). `path-pattern`: the input contains `@arch@`, ' +
          "replaced by the arch name (e.g. one lockfile directory per arch).",
      ),
    pathPatternArchNames: z
      .enum(["rpm", "oci"])
      .default("rpm")
      .describe(
        "Names substituted for `@arch@`: `rpm` (x86_64, aarch64, …) or `oci` (amd64, arm64, …). Default `rpm`.",
      ),
    prefetchSources: z
      .boolean()
      .default(true)
      .describe(
        "Split strategies: run a dedicated source prefetch (`prefetch-dependencies-source`) whose output holds " +
          "every selected arch's SRPMs for the source container. When false the source build uses the first " +
          "platform's prefetch output (that arch's SRPMs only). No effect on shared strategies.",
      ),
    sourceInput: z
      .string()
      .trim()
      .min(1)
      .optional()
      .describe(
        "Prefetch input of the source prefetch, e.g. a lockfile holding only SRPMs (build-definitions#1275 measured " +
          "its source prefetch this way). Default: every selected arch's input, i.e. the union of their SRPMs — " +
          "which downloads the binaries again. Used as given (no `@arch@`); split strategies with prefetchSources only.",
      ),
    platformValues: z
      .partialRecord(z.enum(BUILD_ARCHES), z.string().min(1))
      .default({})
      .describe(
        "PLATFORM value per arch, overriding the defaults linux/x86_64, linux/arm64, linux/ppc64le, linux/s390x " +
          "(e.g. `{ arm64: 'linux-m2xlarge/arm64' }`).",
      ),
    bundles: z
      .record(z.string().min(1), z.string().regex(/^\S+$/, "a bundle reference has no spaces"))
      .default({})
      .describe(
        "Bundle reference per task kind (`buildah-remote-oci-ta` → `quay.io/…:0.10@sha256:…`), overriding the " +
          "documented defaults (and, in patch mode, the base file's own references).",
      ),
    imageExpiresAfter: z
      .string()
      .regex(/^(\d+[hdw])?$/, "image-expires-after is empty or a number with h, d or w (e.g. 5d)")
      .optional()
      .describe(
        "The `image-expires-after` param, also the expiry of the Trusted Artifacts. Default `5d` for pull " +
          "requests and empty (never) for push: a released image must not expire.",
      ),
    payloadBytes: byteCount
      .optional()
      .describe("Hint: bytes a shared prefetch writes (all arches and sources). Sizes the PVC workspaces."),
    payloadBytesByArch: z
      .partialRecord(z.enum(ALL_ARCHES), byteCount)
      .optional()
      .describe("Hint: bytes per arch (and `source`) a split prefetch writes. Sizes per-arch PVC workspaces."),
    pvcSize: z
      .string()
      .regex(/^\d+(Mi|Gi|Ti)$/, "pvcSize is a quantity like 10Gi")
      .optional()
      .describe("PVC size for every workspace. Default: ceil((payload × 1.5 + 1 GiB) / GiB) Gi, at least 1Gi."),
    pvcAccessMode: z
      .enum(PVC_ACCESS_MODES)
      .default("ReadWriteOnce")
      .describe("Access mode of the PVC workspaces. ReadWriteOnce (default) pins every task using one to one node."),
    serviceAccountName: z
      .string()
      .min(1)
      .optional()
      .describe("`taskRunTemplate.serviceAccountName`. Default `build-pipeline-<component>`, as Konflux creates it."),
    maxKeepRuns: z.number().int().min(1).default(3).describe("`pipelinesascode.tekton.dev/max-keep-runs`. Default 3."),
    requiredTasks: z
      .array(z.string().trim().min(1))
      .optional()
      .describe(
        "Tasks the `required-tasks` check demands, by task kind (-oci-ta and non-TA variants match each other) or " +
          "task name. Default: every task of the strategy's upstream pipeline (docs/generator.md). [] disables it.",
      ),
  })
  .strict();

export const generateRequestSchema = z
  .object({
    strategy: z.enum(STRATEGY_IDS).describe('Strategy id (docs/cost-model.md "Strategies").'),
    component: dnsLabel("component").describe("Konflux component name."),
    platforms: z
      .array(z.string().trim().min(1))
      .optional()
      .describe(
        "Platforms to build: arch names or aliases (amd64, x86_64, arm64, aarch64, ppc64le, s390x) or PLATFORM " +
          "values (linux/arm64, linux-m2xlarge/arm64). Default: the base file's build-platforms in patch mode, " +
          "else amd64 and arm64 (the API passes the measured ones).",
      ),
    format: z
      .enum(OUTPUT_FORMATS)
      .default("pipelinerun")
      .describe("`pipelinerun`: a whole .tekton file. `tasks`: only the tasks list to paste."),
    options: generateOptionsSchema.prefault({}).describe("Overrides of the documented defaults."),
    base: z
      .string()
      .min(1)
      .max(2_000_000)
      .optional()
      .describe("Patch mode: the current .tekton YAML; only the prefetch/build/source wiring is changed."),
  })
  .strict();

export type GenerateRequestInput = z.input<typeof generateRequestSchema>;
export type GenerateRequest = z.output<typeof generateRequestSchema>;
export type GenerateOptions = z.output<typeof generateOptionsSchema>;

/** Parses a request body: 400 for an unknown strategy, 422 for anything else that is wrong. */
export function parseGenerateRequest(input: unknown): GenerateRequest {
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    throw new GenerateError(400, "The request must be a JSON object: { strategy, component, platforms?, … }");
  }
  const strategy = (input as { strategy?: unknown }).strategy;
  if (strategy === undefined) {
    throw new GenerateError(400, `strategy is missing; expected one of ${STRATEGY_IDS.join(", ")}`);
  }
  if (typeof strategy !== "string" || !(STRATEGY_IDS as readonly string[]).includes(strategy)) {
    throw new GenerateError(
      400,
      `Unknown strategy ${JSON.stringify(strategy)}; expected one of ${STRATEGY_IDS.join(", ")}`,
    );
  }
  const parsed = generateRequestSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? `${issue.path.join(".")}: ` : "";
    throw new GenerateError(
      422,
      `Invalid generate request: ${where}${issue?.message ?? "invalid"}`,
      parsed.error.issues,
    );
  }
  return parsed.data;
}

export interface TargetPlatform {
  arch: BuildArch;
  /** The PLATFORM param value. */
  platform: string;
  rpmArch: string;
}

/** Facts read from a patch-mode base file that stand in for defaults. */
export interface BaseHints {
  platforms?: string[];
  prefetchInput?: string;
  /** Bundle reference per task kind as the base file pins them: kept for tasks that stay the same kind. */
  bundles?: Record<string, string>;
}

export interface ResolvedRequest {
  strategy: StrategyId;
  component: string;
  format: OutputFormat;
  platforms: TargetPlatform[];
  namespace: string;
  application: string;
  event: "push" | "pull_request";
  targetBranch: string;
  outputImage: string;
  gitUrl: string;
  revision: string;
  prefetchInput: string;
  perArchInput: PerArchInputMode;
  pathPatternArchNames: "rpm" | "oci";
  prefetchSources: boolean;
  /** The source prefetch's own input (`options.sourceInput`); undefined derives it from prefetchInput. */
  sourceInput: string | undefined;
  bundles: Record<string, string>;
  imageExpiresAfter: string;
  pvcAccessMode: PvcAccessMode;
  /** PVC size for a workspace holding the given arch's share (`all` = every arch and sources). */
  pvcSizeFor: (share: BuildArch | "source" | "all") => string;
  serviceAccountName: string;
  maxKeepRuns: number;
  /** The `required-tasks` list: the request's, else the upstream task kinds of the strategy's variant. */
  requiredTasks: string[];
}

/** ceil((payload × 1.5 + 1 GiB) / GiB) Gi, at least 1Gi: 50 % headroom for the source tree and build scratch. */
export function suggestPvcSize(payloadBytes: number | undefined): string {
  const gib = Math.ceil(((payloadBytes ?? 0) * 1.5 + GIB) / GIB);
  return `${Math.max(1, gib)}Gi`;
}

function resolvePlatform(entry: string, overrides: GenerateOptions["platformValues"]): TargetPlatform {
  const arch = normalizeArch(entry);
  if (arch !== null && arch !== "source") {
    return { arch, platform: overrides[arch] ?? DEFAULT_PLATFORM_VALUES[arch], rpmArch: RPM_ARCH[arch] };
  }
  const fromPlatform = archFromPlatform(entry);
  if (fromPlatform !== null) return { arch: fromPlatform, platform: entry, rpmArch: RPM_ARCH[fromPlatform] };
  throw new GenerateError(
    422,
    `Unknown platform "${entry}": use amd64, arm64, ppc64le, s390x (or x86_64, aarch64) or a PLATFORM value like linux/arm64`,
  );
}

export function resolvePlatforms(entries: readonly string[], overrides: GenerateOptions["platformValues"]) {
  if (entries.length === 0) throw new GenerateError(422, "platforms is empty: select at least one platform to build");
  const byArch = new Map<BuildArch, TargetPlatform>();
  for (const entry of entries) {
    const target = resolvePlatform(entry, overrides);
    if (byArch.has(target.arch)) {
      throw new GenerateError(422, `platforms lists ${target.arch} twice ("${entry}"); one build per arch`);
    }
    byArch.set(target.arch, target);
  }
  // Table order (amd64, arm64, ppc64le, s390x) keeps the output stable whatever order the caller used.
  return BUILD_ARCHES.flatMap((arch) => byArch.get(arch) ?? []);
}

function payloadFor(options: GenerateOptions, share: BuildArch | "source" | "all"): number | undefined {
  const byArch = options.payloadBytesByArch ?? {};
  const total =
    options.payloadBytes ??
    (Object.keys(byArch).length > 0 ? Object.values(byArch).reduce((sum, bytes) => sum + (bytes ?? 0), 0) : undefined);
  return share === "all" ? total : (byArch[share] ?? total);
}

export function resolveRequest(request: GenerateRequest, hints: BaseHints = {}): ResolvedRequest {
  const { component, options } = request;
  const namespace = options.namespace ?? `${component}-tenant`;
  const pullRequest = options.event === "pull_request";
  const prefetchInput = options.prefetchInput ?? hints.prefetchInput ?? DEFAULT_PREFETCH_INPUT;
  return {
    strategy: request.strategy,
    component,
    format: request.format,
    platforms: resolvePlatforms(request.platforms ?? hints.platforms ?? [...DEFAULT_PLATFORMS], options.platformValues),
    namespace,
    application: options.application ?? component,
    event: options.event,
    targetBranch: options.targetBranch,
    outputImage:
      options.outputImage ??
      `quay.io/redhat-user-workloads/${namespace}/${component}:${pullRequest ? "on-pr-" : ""}{{revision}}`,
    gitUrl: options.gitUrl,
    revision: options.revision,
    prefetchInput,
    perArchInput: options.perArchInput,
    pathPatternArchNames: options.pathPatternArchNames,
    prefetchSources: options.prefetchSources,
    sourceInput: options.sourceInput,
    bundles: { ...DEFAULT_BUNDLES, ...hints.bundles, ...options.bundles },
    imageExpiresAfter: options.imageExpiresAfter ?? (pullRequest ? "5d" : ""),
    pvcAccessMode: options.pvcAccessMode,
    pvcSizeFor: (share) => options.pvcSize ?? suggestPvcSize(payloadFor(options, share)),
    serviceAccountName: options.serviceAccountName ?? `build-pipeline-${component}`,
    maxKeepRuns: options.maxKeepRuns,
    requiredTasks: options.requiredTasks ?? upstreamTaskKinds(isTrustedArtifacts(request.strategy) ? "ta" : "pvc"),
  };
}
