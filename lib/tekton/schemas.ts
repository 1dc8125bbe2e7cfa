// zod schemas for the parts of Tekton PipelineRun/TaskRun objects (v1, v1beta1, v1alpha1) that lib/tekton reads.
// Lenient about fields we never read (loose objects), strict about the types of those we do.
import { z } from "zod";

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$/;

/** Kubernetes writes metav1.Time as RFC 3339 (`2025-09-17T10:57:14Z`); the calendar date must exist. */
function parseRfc3339(value: string): Date | null {
  const match = RFC3339.exec(value);
  if (!match) return null;
  const [, year, month, day, hour, minute, second] = match.map(Number);
  const date = new Date(value.toUpperCase());
  if (Number.isNaN(date.getTime())) return null;
  // Date accepts 2025-02-30 by rolling over; a real timestamp round-trips its own calendar fields.
  const check = new Date(Date.UTC(year!, month! - 1, day!, hour, minute, second));
  return check.getUTCDate() === day && check.getUTCMonth() === month! - 1 && hour! < 24 ? date : null;
}

const timestamp = z
  .string()
  .transform((value, ctx) => {
    const date = parseRfc3339(value);
    if (date) return date;
    ctx.issues.push({
      code: "custom",
      input: value,
      message: `expected an RFC 3339 timestamp (e.g. 2025-09-17T10:57:14Z), got ${JSON.stringify(value)}`,
    });
    return z.NEVER;
  })
  .nullish();

/** Tekton ParamValue: string, array or object; YAML authors sometimes leave numbers and booleans unquoted. */
const scalar = z.union([z.string(), z.number(), z.boolean()]);
const paramValueSchema = z.union([scalar, z.array(scalar), z.record(z.string(), scalar)]);
export type ParamValue = z.infer<typeof paramValueSchema>;

const namedValue = z.looseObject({ name: z.string(), value: paramValueSchema.nullish() });
const namedValues = z.array(namedValue).nullish();
export type NamedValue = z.infer<typeof namedValue>;

const stringMap = z.record(z.string(), z.string()).nullish();

const metadataSchema = z
  .looseObject({
    name: z.string().min(1).optional(),
    generateName: z.string().optional(),
    namespace: z.string().nullish(),
    uid: z.string().nullish(),
    labels: stringMap,
    annotations: stringMap,
    ownerReferences: z
      .array(z.looseObject({ kind: z.string(), name: z.string(), uid: z.string().nullish() }))
      .nullish(),
  })
  .refine((metadata) => metadata.name !== undefined || metadata.generateName !== undefined, {
    message: "required (a string)",
    path: ["name"],
  });

const conditionsSchema = z.array(z.looseObject({ type: z.string(), status: z.string() })).nullish();

const taskRefSchema = z
  .looseObject({ name: z.string().nullish(), resolver: z.string().nullish(), params: namedValues })
  .nullish();
export type TaskRef = z.infer<typeof taskRefSchema>;

const stepStateSchema = z.looseObject({
  name: z.string().optional(),
  terminated: z
    .looseObject({
      startedAt: timestamp,
      finishedAt: timestamp,
      exitCode: z.number().int().nullish(),
      reason: z.string().nullish(),
    })
    .nullish(),
  running: z.looseObject({ startedAt: timestamp }).nullish(),
});

const taskRunStatusSchema = z.looseObject({
  startTime: timestamp,
  completionTime: timestamp,
  podName: z.string().nullish(),
  conditions: conditionsSchema,
  steps: z.array(stepStateSchema).nullish(),
  /** v1 */
  results: namedValues,
  /** v1beta1 */
  taskResults: namedValues,
});
export type TaskRunStatus = z.infer<typeof taskRunStatusSchema>;

/** A workspace binding as PipelineRun and TaskRun specs write it (how the volume is provided). */
const workspaceBindingSchema = z.looseObject({
  name: z.string(),
  persistentVolumeClaim: z.looseObject({ claimName: z.string() }).nullish(),
  volumeClaimTemplate: z
    .looseObject({
      spec: z
        .looseObject({
          accessModes: z.array(z.string()).nullish(),
          resources: z
            .looseObject({
              requests: z.looseObject({ storage: z.union([z.string(), z.number()]).nullish() }).nullish(),
            })
            .nullish(),
        })
        .nullish(),
    })
    .nullish(),
  emptyDir: z.unknown().optional(),
  secret: z.unknown().optional(),
  configMap: z.unknown().optional(),
});
export type WorkspaceBindingSpec = z.infer<typeof workspaceBindingSchema>;

const pipelineTaskSchema = z.looseObject({
  name: z.string(),
  taskRef: taskRefSchema,
  runAfter: z.array(z.string()).nullish(),
  params: namedValues,
  // `workspace` may be left out when the pipeline workspace has the task workspace's name.
  workspaces: z.array(z.looseObject({ name: z.string(), workspace: z.string().nullish() })).nullish(),
  matrix: z
    .looseObject({
      params: namedValues,
      include: z.array(z.looseObject({ params: namedValues })).nullish(),
    })
    .nullish(),
});
export type PipelineTaskSchema = z.infer<typeof pipelineTaskSchema>;

const pipelineSpecSchema = z
  .looseObject({ tasks: z.array(pipelineTaskSchema).nullish(), finally: z.array(pipelineTaskSchema).nullish() })
  .nullish();

export const taskRunSchema = z.looseObject({
  metadata: metadataSchema,
  spec: z
    .looseObject({
      params: namedValues,
      /** v1alpha1: params may sit under spec.inputs instead of (or as well as) spec.params. */
      inputs: z.looseObject({ params: namedValues }).nullish(),
      taskRef: taskRefSchema,
      workspaces: z.array(workspaceBindingSchema).nullish(),
    })
    .nullish(),
  status: taskRunStatusSchema.nullish(),
});
export type TaskRunObject = z.infer<typeof taskRunSchema>;

export const pipelineRunSchema = z.looseObject({
  metadata: metadataSchema,
  spec: z
    .looseObject({
      params: namedValues,
      pipelineSpec: pipelineSpecSchema,
      workspaces: z.array(workspaceBindingSchema).nullish(),
    })
    .nullish(),
  status: z
    .looseObject({
      startTime: timestamp,
      completionTime: timestamp,
      conditions: conditionsSchema,
      childReferences: z
        .array(z.looseObject({ kind: z.string().nullish(), name: z.string(), pipelineTaskName: z.string().nullish() }))
        .nullish(),
      /** v1beta1: the TaskRuns' status embedded under their names. */
      taskRuns: z
        .record(
          z.string(),
          z.looseObject({ pipelineTaskName: z.string().nullish(), status: taskRunStatusSchema.nullish() }),
        )
        .nullish(),
      pipelineSpec: pipelineSpecSchema,
      /** Pipeline tasks that did not run: when expressions false, a parent failed or was skipped. */
      skippedTasks: z.array(z.looseObject({ name: z.string(), reason: z.string().nullish() })).nullish(),
    })
    .nullish(),
});
export type PipelineRunObject = z.infer<typeof pipelineRunSchema>;
