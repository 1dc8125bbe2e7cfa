// One growable byte buffer that an upload's structured files are read into one after another. A fresh Buffer per
// file lives for the whole of that file's parsing, so it is promoted to V8's old generation and its memory is
// only given back at the next full collection: a bundle of six 12 MiB exports held all six at once.

export class ScratchBuffer {
  private bytes: Buffer;
  private length = 0;

  constructor(initialBytes = 64 * 1024) {
    this.bytes = Buffer.allocUnsafe(initialBytes);
  }

  /** Starts a new file: what was read before may be overwritten from now on. */
  reset(): void {
    this.length = 0;
  }

  append(chunk: Uint8Array): void {
    const needed = this.length + chunk.length;
    if (needed > this.bytes.length) {
      const grown = Buffer.allocUnsafe(Math.max(needed, this.bytes.length * 2));
      this.bytes.copy(grown, 0, 0, this.length);
      this.bytes = grown;
    }
    this.bytes.set(chunk, this.length);
    this.length = needed;
  }

  /** The bytes read since the last reset: a view, valid until the next reset or append. */
  view(): Buffer {
    return this.bytes.subarray(0, this.length);
  }
}
