// Buffer sizes for reading an upload and inflating it. With zlib's 16 KiB default output chunk, the main
// thread's share of inflating a gigabyte took longer than scanning it; 128 KiB chunks cut that roughly tenfold.

/**
 * 128 KiB output chunks (an entry's content stream then buffers at most one), and room for eight of them, so
 * inflating runs ahead on another core while entries are read. zlib hands `readableHighWaterMark` on to its
 * Transform, though its option types do not list it.
 */
export const INFLATE_OPTIONS = { chunkSize: 128 * 1024, readableHighWaterMark: 1024 * 1024 } as const;

/** Reads of the spooled upload: fewer, larger reads than the 64 KiB default. */
export const FILE_READ_OPTIONS = { highWaterMark: 1024 * 1024 } as const;
