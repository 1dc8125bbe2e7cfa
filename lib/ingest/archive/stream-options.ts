// Buffer sizes for reading an upload and inflating it. With zlib's 16 KiB default output chunk, the main
// thread's share of inflating a gigabyte took longer than scanning it; 128 KiB chunks cut that roughly tenfold.
// Every read and every inflated chunk is a fresh Buffer whose memory is outside the JS heap: one that waits in a
// queue long enough to outlive two young-generation collections (a few milliseconds while logs are scanned) is
// freed only by the next full collection. Short queues keep that garbage small (measured on the bench:upload bundle).

/**
 * 128 KiB output chunks (an entry's content stream then buffers at most one), and room for two of them, so
 * inflating still runs ahead on another core while entries are read. zlib hands `readableHighWaterMark` on to
 * its Transform, though its option types do not list it. Room for eight (1 MiB) bought no speed and held about
 * 20 MiB more of dead chunks at a time over a 1.1 GiB bundle.
 */
export const INFLATE_OPTIONS = { chunkSize: 128 * 1024, readableHighWaterMark: 256 * 1024 } as const;

/**
 * Reads of the spooled upload: node's 64 KiB default. A compressed chunk lives until all it inflates to (about
 * ten times its size) has been scanned; 1 MiB reads lived that long and were freed late.
 */
export const FILE_READ_OPTIONS = { highWaterMark: 64 * 1024 } as const;
