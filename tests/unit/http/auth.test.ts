// checkUploadToken: with UPLOAD_TOKEN set, uploads need `Authorization: Bearer <token>`.
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { checkUploadToken } from "@/lib/http/auth";

const TOKEN = "s3cret-upload-token-0123456789";

const request = (authorization?: string) =>
  new Request("http://127.0.0.1:3000/api/bundles", {
    method: "POST",
    headers: authorization === undefined ? {} : { authorization },
  });

function rejection(authorization: string | undefined, token: string | undefined): AppError | null {
  try {
    checkUploadToken(request(authorization), token);
    return null;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
}

describe("checkUploadToken", () => {
  it("lets every request through when no token is configured", () => {
    expect(rejection(undefined, undefined)).toBeNull();
    expect(rejection("Bearer anything", "")).toBeNull();
  });

  it("accepts the configured token with the Bearer scheme in any case", () => {
    expect(rejection(`Bearer ${TOKEN}`, TOKEN)).toBeNull();
    expect(rejection(`bearer ${TOKEN}`, TOKEN)).toBeNull();
  });

  it.each([
    ["no header", undefined],
    ["another token of the same length", `Bearer ${TOKEN.replace(/.$/, "X")}`],
    ["a prefix of the token", `Bearer ${TOKEN.slice(0, -1)}`],
    ["the token with more after it", `Bearer ${TOKEN}0`],
    ["the token without the scheme", TOKEN],
    ["basic auth", `Basic ${Buffer.from(`user:${TOKEN}`).toString("base64")}`],
  ])("rejects %s with 401", (_label, authorization) => {
    const error = rejection(authorization, TOKEN);
    expect(error).toMatchObject({ code: "unauthorized", status: 401 });
    expect(error?.message).toContain("Authorization: Bearer <UPLOAD_TOKEN>");
  });
});
