// Writes the ingest benchmark's input: the ta-shared-matrix fixture run as a `.tar.gz` bundle whose step logs
// are grown to gigabytes with realistic hermeto, dnf/buildah, compiler and rsync lines, streamed to disk.
import { createWriteStream } from "node:fs";
import { pipeline } from "node:stream/promises";
import { createGzip } from "node:zlib";
import { pack, type Pack } from "tar-stream";
import type { ScenarioFile } from "../tests/fixtures/bundles/expected";
import { taSharedMatrix } from "../tests/fixtures/bundles/scenarios";

export interface LogBundle {
  /** Bytes of the `.tar.gz` on disk. */
  compressedBytes: number;
  /** Bytes of all entries' contents, uncompressed (tar headers and padding not counted). */
  uncompressedBytes: number;
  /** Lines in all entries (newline characters), as the ingest's line scanner sees them. */
  lines: number;
  entries: number;
}

/** How the filler is shared among the grown logs; the rest of the fixture's files keep their size. */
const GROWN_LOGS: { suffix: RegExp; share: number; kind: "hermeto" | "build"; after: RegExp }[] = [
  // Inserted after the first download line, so the first and last hermeto stamps (the prefetch span) stay.
  { suffix: /prefetch-dependencies\/prefetch-dependencies\.log$/, share: 0.4, kind: "hermeto", after: /DEBUG Downl/ },
  // Inserted after the `Run the build` marker, so every remote marker keeps its order and time.
  { suffix: /build-images-\d\/build\.log$/, share: 0.15, kind: "build", after: /^\[[^\]]+\] Run the build$/ },
];

const MTIME = new Date(Date.UTC(2025, 8, 17, 12, 0, 0));
/** Filler is written in batches of about this many bytes: few enough writes, little memory. */
const BATCH_BYTES = 1024 * 1024;

/** Writes the bundle to `file`; `targetBytes` of filler lines are added on top of the fixture's own files. */
export async function writeLogBundle(file: string, targetBytes: number): Promise<LogBundle> {
  const files = taSharedMatrix().files;
  const grown = files.map((f) => GROWN_LOGS.find((g) => g.suffix.test(f.path)));
  const shareSum = grown.reduce((sum, g) => sum + (g?.share ?? 0), 0);
  const archive = pack();
  const gzip = createGzip();
  const output = createWriteStream(file);
  let compressedBytes = 0;
  gzip.on("data", (chunk: Buffer) => (compressedBytes += chunk.byteLength));
  const writing = pipeline(archive as unknown as NodeJS.ReadableStream, gzip, output);
  const bundle: LogBundle = { compressedBytes: 0, uncompressedBytes: 0, lines: 0, entries: 0 };
  const random = mulberry32(0x5eed);

  for (const [index, scenarioFile] of files.entries()) {
    const plan = grown[index];
    const content = contentOf(scenarioFile);
    bundle.entries++;
    if (plan === undefined) {
      await addEntry(archive, scenarioFile.path, [content], content.byteLength);
      bundle.uncompressedBytes += content.byteLength;
      bundle.lines += countNewlines(content);
      continue;
    }
    const text = content.toString("utf8");
    const lines = text.split("\n");
    const at = lines.findIndex((line) => plan.after.test(line));
    if (at === -1) throw new Error(`${scenarioFile.path}: no line matches ${plan.after}, cannot place the filler`);
    const head = Buffer.from(lines.slice(0, at + 1).join("\n") + "\n");
    const tail = Buffer.from(lines.slice(at + 1).join("\n"));
    const fillerBytes = Math.round((targetBytes * plan.share) / shareSum);
    const filler = plan.kind === "hermeto" ? hermetoLines(random, lines[at] ?? "") : buildLines(random, archOf(text));
    const size = head.byteLength + fillerBytes + tail.byteLength;
    const fillerLines = { count: 0 };
    await addEntry(archive, scenarioFile.path, batches(exactly(filler, fillerBytes, fillerLines), head, tail), size);
    bundle.uncompressedBytes += size;
    bundle.lines += countNewlines(head) + fillerLines.count + countNewlines(tail);
  }
  archive.finalize();
  await writing;
  bundle.compressedBytes = compressedBytes;
  return bundle;
}

function contentOf(file: ScenarioFile): Buffer {
  return typeof file.content === "string" ? Buffer.from(file.content, "utf8") : file.content;
}

function countNewlines(bytes: Buffer): number {
  let count = 0;
  for (let at = bytes.indexOf(10); at !== -1; at = bytes.indexOf(10, at + 1)) count++;
  return count;
}

/** tar needs each entry's size up front, so the content is streamed into an entry of a size known beforehand. */
async function addEntry(archive: Pack, name: string, chunks: Iterable<Buffer>, size: number): Promise<void> {
  let settle!: (error?: Error | null) => void;
  const done = new Promise<void>((resolve, reject) => (settle = (error) => (error ? reject(error) : resolve())));
  const entry = archive.entry({ name, size, mtime: MTIME, mode: 0o644 }, (error) => settle(error));
  for (const chunk of chunks) {
    if (!entry.write(chunk)) await new Promise<void>((resolve) => entry.once("drain", () => resolve()));
  }
  entry.end(undefined);
  await done;
}

/** The head, the filler grouped into ~1 MiB buffers (ASCII only, so characters are bytes), then the tail. */
function* batches(filler: Iterable<string>, head: Buffer, tail: Buffer): Generator<Buffer> {
  yield head;
  let batch: string[] = [];
  let batchBytes = 0;
  for (const line of filler) {
    batch.push(line);
    batchBytes += line.length;
    if (batchBytes >= BATCH_BYTES) {
      yield Buffer.from(batch.join(""), "latin1");
      batch = [];
      batchBytes = 0;
    }
  }
  if (batch.length > 0) yield Buffer.from(batch.join(""), "latin1");
  if (tail.byteLength > 0) yield tail;
}

/** Takes whole lines from `source` up to exactly `bytes`, ending with one padding line cut to fit. */
function* exactly(source: Iterator<string>, bytes: number, counter: { count: number }): Generator<string> {
  let left = bytes;
  for (;;) {
    const next = source.next();
    if (next.done) throw new Error("filler generator ended early");
    const line = next.value;
    if (line.length > left) break;
    left -= line.length;
    counter.count++;
    yield line;
  }
  if (left > 0) {
    counter.count++;
    // A run of blanks as a continuation line of the previous output, like wrapped build output.
    yield " ".repeat(left - 1) + "\n";
  }
}

// ---------------------------------------------------------------------------------------------
// Line generators: endless, deterministic (seeded), ASCII; none matches a scanner signal pattern.

type Random = () => number;

/** Small, fast, seedable PRNG (mulberry32): the same bundle on every run, so runs compare. */
function mulberry32(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const int = (random: Random, below: number) => Math.floor(random() * below);
const pick = <T>(random: Random, items: readonly T[]): T => items[int(random, items.length)] as T;
const hex = (random: Random, length: number) => {
  let out = "";
  while (out.length < length) out += int(random, 0x100000000).toString(16).padStart(8, "0");
  return out.slice(0, length);
};
const pad2 = (n: number) => String(n).padStart(2, "0");
const grouped = (n: number) => n.toLocaleString("en-US");

const SYLLABLES = (
  "lib gtk glib py perl font mesa llvm gst qt kf ruby golang rust node java tex ssl systemd dbus pulse pipe " +
  "wire cairo pango harf buzz free type jpeg png tiff web kit sound alsa udev poly nss krb sasl ldap curl zlib " +
  "bz xz zstd lz brotli icu boost gcc bin utils glibc gettext ncurses readline sqlite x11 xcb wayland vulkan " +
  "opus flac ogg gnome"
).split(" ");
const SUFFIXES = ["", "", "", "-libs", "-devel", "-common", "-data", "-tools", "-doc", "-langpack-en", "-plugins"];
const REPOS = [
  {
    host: "cdn.redhat.com",
    path: "content/dist/rhel9/9.6/{arch}/appstream/os",
    id: "rhel-9-for-{arch}-appstream-rpms",
    dist: "el9",
  },
  {
    host: "cdn.redhat.com",
    path: "content/dist/rhel9/9.6/{arch}/baseos/os",
    id: "rhel-9-for-{arch}-baseos-rpms",
    dist: "el9",
  },
  { host: "dl.fedoraproject.org", path: "pub/fedora/linux/updates/41/Everything/{arch}", id: "updates", dist: "fc41" },
] as const;

interface Package {
  nvr: string;
  initial: string;
  repo: (typeof REPOS)[number];
  sha256: string;
  bytes: number;
}

/** A lockfile-like pool: each package has one version and checksum, so names recur as in a real log set. */
function packagePool(random: Random, size: number): Package[] {
  const pool: Package[] = [];
  for (let i = 0; i < size; i++) {
    const parts = 1 + int(random, 3);
    let name = "";
    for (let p = 0; p < parts; p++) name += (p > 0 && random() < 0.4 ? "-" : "") + pick(random, SYLLABLES);
    name += pick(random, SUFFIXES);
    const repo = pick(random, REPOS);
    const version = `${1 + int(random, 30)}.${int(random, 40)}.${int(random, 20)}`;
    pool.push({
      nvr: `${name}-${version}-${1 + int(random, 12)}.${repo.dist}`,
      initial: name.charAt(0),
      repo,
      sha256: hex(random, 64),
      bytes: 2_000 + int(random, 40_000_000),
    });
  }
  return pool;
}

const HERMETO_STAMP = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2}),(\d{3})/;

/** hermeto's DEBUG chatter for each downloaded file: download, HTTP request, completion, sometimes a checksum. */
function* hermetoLines(random: Random, after: string): Generator<string> {
  const stamp = HERMETO_STAMP.exec(after);
  if (stamp === null) throw new Error(`no hermeto stamp in "${after}"`);
  const [, y, mo, d, h, mi, s, ms] = stamp.map(Number);
  let clock = Date.UTC(y!, mo! - 1, d, h, mi, s, ms);
  const arch = "x86_64";
  const pool = packagePool(random, 6_000);
  const line = (message: string) => {
    // Most lines share a millisecond, so a gigabyte of them spans seconds, as in the gap the fixture leaves.
    if (random() < 0.003) clock += 1;
    const t = new Date(clock);
    const ts =
      `${t.getUTCFullYear()}-${pad2(t.getUTCMonth() + 1)}-${pad2(t.getUTCDate())} ` +
      `${pad2(t.getUTCHours())}:${pad2(t.getUTCMinutes())}:${pad2(t.getUTCSeconds())},` +
      String(t.getUTCMilliseconds()).padStart(3, "0");
    return `${ts} DEBUG ${message}\n`;
  };
  for (;;) {
    const pkg = pick(random, pool);
    const file = `${pkg.nvr}.${arch}.rpm`;
    const urlPath = `/${pkg.repo.path.replace("{arch}", arch)}/Packages/${pkg.initial}/${file}`;
    yield line(`Downloading https://${pkg.repo.host}${urlPath}`);
    if (random() < 0.1) yield line(`Starting new HTTPS connection (${1 + int(random, 4)}): ${pkg.repo.host}:443`);
    yield line(`https://${pkg.repo.host}:443 "GET ${urlPath} HTTP/1.1" 200 ${pkg.bytes}`);
    const output = `/var/workdir/cachi2/output/deps/rpm/${arch}/${pkg.repo.id.replace("{arch}", arch)}/${file}`;
    yield line(`Download completed - ${output}`);
    if (random() < 0.4) yield line(`Verified sha256:${pkg.sha256} of ${file}`);
  }
}

function archOf(log: string): string {
  return /Prepare system \(architecture: ([\w-]+)\)/.exec(log)?.[1] ?? "x86_64";
}

const SOURCE_DIRS = "src lib common gio gobject tests tools plugins backends modules".split(" ");
const WORDS = "buffer parser stream context object signal thread socket cache value".split(" ");

/** buildah output: dnf downloads and transactions, compiler lines, blob copies and rsync progress, in bursts. */
function* buildLines(random: Random, arch: string): Generator<string> {
  const pool = packagePool(random, 3_000);
  const march = arch === "x86_64" ? "-m64 -march=x86-64-v2 -mtune=generic" : arch === "s390x" ? "-march=z14" : "";
  for (let round = 1; ; round++) {
    const total = 200 + int(random, 400);
    for (let i = 1; i <= total; i++) {
      const pkg = pick(random, pool);
      const mb = (pkg.bytes / 1_048_576).toFixed(1);
      yield (
        `(${i}/${total}): ${pkg.nvr}.${arch}.rpm`.padEnd(72) +
        `${(random() * 90).toFixed(1)} MB/s | ${mb} MB     00:0${int(random, 10)}\n`
      );
    }
    for (const verb of ["Installing       ", "Running scriptlet", "Verifying        "]) {
      for (let i = 1; i <= total; i += 1 + int(random, 3)) {
        yield `  ${verb}: ${pick(random, pool).nvr}.${arch}`.padEnd(80) + `${i}/${total}\n`;
      }
    }
    const objects = 300 + int(random, 900);
    for (let i = 1; i <= objects; i++) {
      const dir = pick(random, SOURCE_DIRS);
      const file = `${pick(random, WORDS)}${pick(random, ["", "-", "_"])}${pick(random, WORDS)}${int(random, 50)}`;
      if (random() < 0.5) {
        yield `[${String(Math.floor((i * 100) / objects)).padStart(3)}%] Building C object ${dir}/CMakeFiles/${dir}-${round}.dir/${file}.c.o\n`;
      } else {
        yield `gcc -O2 -flto=auto -ffat-lto-objects -fexceptions -g -grecord-gcc-switches -pipe -Wall -Werror=format-security -Wp,-U_FORTIFY_SOURCE,-D_FORTIFY_SOURCE=3 -fstack-protector-strong ${march} -I${dir} -I/usr/include/glib-2.0 -c ${dir}/${file}.c -o ${dir}/${file}.o\n`;
      }
    }
    for (let i = 0; i < 3 + int(random, 6); i++) yield `Copying blob sha256:${hex(random, 64)}\n`;
    yield `Copying config sha256:${hex(random, 64)}\n`;
    yield "Writing manifest to image destination\n";
    const files = 100 + int(random, 400);
    for (let i = 1; i <= files; i++) {
      const pkg = pick(random, pool);
      yield `cachi2/output/deps/rpm/${arch}/${pkg.repo.id.replace("{arch}", arch)}/${pkg.nvr}.${arch}.rpm\n`;
      const sent = Math.floor(pkg.bytes * (0.2 + random() * 0.8));
      const percent = Math.floor((sent * 100) / pkg.bytes);
      const seconds = int(random, 60);
      yield `${grouped(sent).padStart(15)} ${String(percent).padStart(3)}%  ${(random() * 120).toFixed(2)}MB/s    0:00:${pad2(seconds)} (xfr#${i}, to-chk=${files - i}/${files})\n`;
    }
  }
}
