// Hands one entry to the caller as a Readable that pulls from the archive only when the caller reads,
// so backpressure reaches the compressed file and at most a chunk or two of an entry is in memory.
import { Readable } from "node:stream";
import type { BundleEntry, EntryHandler } from "../types";
import { AppError } from "../../errors";
import type { EntryMeter } from "./budget";
import { HandlerFailure } from "./failures";

export interface EntryDelivery {
  entry: BundleEntry;
  chunks: AsyncIterator<Uint8Array>;
  meter: EntryMeter;
  /** Turns an error from `chunks` (corrupt or truncated data) into the AppError the handler's stream fails with. */
  describeFailure: (error: unknown) => AppError;
  /**
   * What to do with bytes the handler left unread: a tar must be read past them to reach the next
   * header ("drain", still metered); other sources are simply closed by the caller ("discard").
   */
  unread: "drain" | "discard";
}

const CONTENT_HIGH_WATER_MARK = 64 * 1024;

/**
 * Resolves with the number of bytes the handler was given. Throws HandlerFailure if the handler
 * rejects, or the AppError that ended the entry even if the handler swallowed it.
 */
export async function deliverEntry(delivery: EntryDelivery, onEntry: EntryHandler): Promise<number> {
  const { chunks, meter, describeFailure } = delivery;
  let delivered = 0;
  let exhausted = false;
  let failure: AppError | undefined;
  // Once the handler has settled nobody listens to `content`: an error emitted on it then would be unhandled.
  let handlerSettled = false;
  // The chunk request in flight: one at a time, since neither tar-stream's nor node's iterators allow more.
  let pending: Promise<void> = Promise.resolve();

  const pull = async (): Promise<Uint8Array | null> => {
    const next = await chunks.next();
    if (next.done) {
      exhausted = true;
      return null;
    }
    meter(next.value);
    return next.value;
  };

  const content = new Readable({
    highWaterMark: CONTENT_HIGH_WATER_MARK,
    read() {
      pending = pull().then(
        (chunk) => {
          if (handlerSettled || content.destroyed) return;
          if (chunk) delivered += chunk.byteLength;
          content.push(chunk);
        },
        (error: unknown) => {
          failure = error instanceof AppError ? error : describeFailure(error);
          content.destroy(handlerSettled ? undefined : failure);
        },
      );
    },
  });

  try {
    await onEntry(delivery.entry, content);
  } catch (error) {
    throw new HandlerFailure(error);
  } finally {
    handlerSettled = true;
    content.destroy();
  }

  await pending;
  if (failure) throw failure;
  if (delivery.unread === "drain") {
    try {
      while (!exhausted) await pull();
    } catch (error) {
      throw error instanceof AppError ? error : describeFailure(error);
    }
  }
  return delivered;
}
