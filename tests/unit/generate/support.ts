// Shared by the generator's tests.
import { GenerateError } from "@/lib/generate/errors";

/** The HTTP status a GenerateError thrown by `run` carries, or undefined when it does not throw. */
export function statusOf(run: () => unknown): number | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof GenerateError) return error.status;
    throw error;
  }
  return undefined;
}
