// Reading untrusted uploads: spool to a private temp file, detect the format, then stream each regular
// file to a handler under size, count and compression-ratio limits, never extracting anything to disk.
export { BOMB_FLOOR_BYTES } from "./budget";
export { detectFormat } from "./detect-format";
export { readBundle } from "./read-bundle";
export { spoolUpload, type SpooledPart, type SpooledUpload } from "./spool";
