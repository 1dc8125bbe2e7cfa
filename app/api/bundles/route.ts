// POST /api/bundles – ingest a bundle (tar.gz, tgz, tar, zip, gz, json, yaml, log, md, csv) as raw body or multipart
import { uploadSettings } from "@/lib/config/upload";
import { getDb } from "@/lib/db/client";
import { receiveUploadRequest } from "@/lib/http/receive-upload";
import { route } from "@/lib/http/route";
import { ingestSpooled } from "@/lib/pipeline/ingest-upload";

export const dynamic = "force-dynamic";

// proxy.ts does not see uploads (it would buffer the body): with no UPLOAD_TOKEN, the read access rules
// (READ_TOKEN, AUTH_PROXY_HEADER) guard uploads too; with one, the upload token alone does.
export const POST = route({ access: "upload" }, async ({ request }) => {
  const settings = uploadSettings();
  const { parts, component } = await receiveUploadRequest(request, { maxBytes: settings.uploadMaxBytes });
  const force = ["1", "true", "yes"].includes(new URL(request.url).searchParams.get("force") ?? "");
  const result = await ingestSpooled(getDb(), parts, settings.limits, {
    component,
    clusterArch: settings.clusterArch,
    force,
  });
  return Response.json(result, { status: result.upload.status === "ingested" ? 201 : 200 });
});
