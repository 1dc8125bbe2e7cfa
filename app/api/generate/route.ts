// POST /api/generate – a Pipelines-as-Code .tekton file (or its tasks list) for a strategy, or a patch of the caller's file
import { generatePipeline } from "@/lib/generate/generate";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** A request is a few options plus, in patch mode, one .tekton file (tens of KiB): 1 MiB is plenty. */
const MAX_BODY_BYTES = 1024 * 1024;

export const POST = route({ body: { maxBytes: MAX_BODY_BYTES } }, ({ body }) => {
  const result = generatePipeline(body);
  // In patch mode a required task the user's own file lacks is theirs to add: the answer shows it as a failed check.
  const patchMode = result.diff !== undefined;
  const failed = result.checks.filter((check) => !check.ok && !(patchMode && check.name === "required-tasks"));
  if (failed.length > 0) {
    // The unit tests guarantee every generated file passes every check: this is a generator bug, never the caller's.
    console.error("POST /api/generate produced a pipeline that fails its checks", failed);
    return Response.json(
      {
        error: {
          code: "internal",
          message: `The generated pipeline failed the checks ${failed.map((check) => check.name).join(", ")}; this is a bug in the generator`,
          details: failed,
        },
      },
      { status: 500 },
    );
  }
  return Response.json(result, { headers: { "cache-control": "no-store" } });
});
