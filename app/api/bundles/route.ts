// POST /api/bundles – ingest a bundle (tar.gz, tgz, tar, zip, gz, json, yaml, log, md, csv) as raw body or multipart
import { getDb } from "@/lib/db/client";
import { checkAccess, checkUploadToken } from "@/lib/http/auth";
import { errorResponse } from "@/lib/http/errors";
import { receiveUploadRequest } from "@/lib/http/receive-upload";
import { ingestSpooled } from "@/lib/pipeline/ingest-upload";
import { uploadSettings } from "@/lib/ingest/settings";

export const dynamic = "force-dynamic";

export async function POST(request: Request) {
  try {
    const settings = uploadSettings();
    // proxy.ts does not see uploads (it would buffer the body): with no UPLOAD_TOKEN, the read access rules
    // (READ_TOKEN, AUTH_PROXY_HEADER) guard uploads too; with one, the upload token alone does.
    if (settings.uploadToken) checkUploadToken(request, settings.uploadToken);
    else checkAccess(request);
    const { parts, component } = await receiveUploadRequest(request, { maxBytes: settings.uploadMaxBytes });
    const force = ["1", "true", "yes"].includes(new URL(request.url).searchParams.get("force") ?? "");
    const result = await ingestSpooled(getDb(), parts, settings.limits, {
      component,
      clusterArch: settings.clusterArch,
      force,
    });
    return Response.json(result, { status: result.upload.status === "ingested" ? 201 : 200 });
  } catch (error) {
    return errorResponse(error);
  }
}
