// Reads a request body that may be JSON or multipart/form-data (POST /api/plan takes an rpms.lock.yaml either in
// a JSON field or as a file part): the bytes are counted as they arrive (413 past the limit), a file part is read
// as UTF-8 text, a repeated field becomes a list. Anything else is a 415 naming both accepted types.
import { AppError } from "../errors";
import { readBodyBytes, readJsonBody } from "./read-json-body";

/** A multipart body's fields: text (a file part's content too), or a list when the field came more than once. */
export type FormFields = Record<string, string | string[]>;

export type JsonOrForm = { kind: "json"; value: unknown } | { kind: "form"; fields: FormFields };

export async function readJsonOrFormBody(request: Request, options: { maxBytes: number }): Promise<JsonOrForm> {
  const contentType = request.headers.get("content-type") ?? "";
  const mediaType = contentType.split(";")[0]!.trim().toLowerCase();
  if (mediaType !== "multipart/form-data") {
    if (/^application\/([\w.-]+\+)?json$/.test(mediaType)) {
      return { kind: "json", value: await readJsonBody(request, options) };
    }
    await request.body?.cancel();
    throw new AppError(
      "unsupported_type",
      `Content-Type ${mediaType || "(none)"} is not accepted; send application/json or multipart/form-data`,
    );
  }
  const bytes = await readBodyBytes(request, options.maxBytes);
  let form: FormData;
  try {
    // The boundary is in the original header, kept exactly as sent.
    form = await new Response(Buffer.from(bytes), { headers: { "content-type": contentType } }).formData();
  } catch (error) {
    throw new AppError(
      "bad_request",
      `The multipart body cannot be read: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const fields: FormFields = {};
  const decoder = new TextDecoder("utf-8", { fatal: true });
  for (const [name, value] of form.entries()) {
    let text: string;
    if (typeof value === "string") text = value;
    else {
      try {
        text = decoder.decode(await value.arrayBuffer());
      } catch {
        throw new AppError("bad_request", `${value.name || name}: the file part "${name}" is not UTF-8 text`, {
          file: value.name || name,
        });
      }
    }
    const previous = fields[name];
    fields[name] = previous === undefined ? text : [...(Array.isArray(previous) ? previous : [previous]), text];
  }
  return { kind: "form", fields };
}
