// A large JSON `List` (kubectl `-o json`, `tkn … -o json`) or Tekton Results record list, read item by item from
// its UTF-8 bytes: they are cut at the top-level members and the list's elements without parsing, so only one item
// at a time becomes a string and objects, read and dropped while young, instead of the whole file becoming one
// long-lived string and object graph. (Every byte JSON gives meaning to is ASCII, and a UTF-8 sequence never
// holds an ASCII byte, so cutting bytes is exact.) Only the layout is checked here; JSON.parse of each piece checks
// the rest. Anything unexpected gives null, and the caller parses the whole text as before (the same answers and
// the same errors).

/** The members of a top-level object other than its list, parsed, and where each element of the list is. */
export interface JsonListLayout {
  /** The object without its list member. */
  head: Record<string, unknown>;
  /** "items" (a List) or "records" (Results). */
  key: "items" | "records";
  /** [start, end) of each element in the text. */
  elements: Int32Array;
}

const SPACE = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

const isWhitespace = (byte: number | undefined) => byte === SPACE || byte === LF || byte === CR || byte === TAB;

function skipWhitespace(text: Uint8Array, index: number): number {
  while (index < text.length && isWhitespace(text[index])) index += 1;
  return index;
}

/** End (exclusive) of the string starting at `index` (a quote), or -1 when it does not end. */
function stringEnd(text: Uint8Array, index: number): number {
  for (let at = index + 1; at < text.length; at += 1) {
    const byte = text[at];
    if (byte === BACKSLASH) at += 1;
    else if (byte === QUOTE) return at + 1;
  }
  return -1;
}

/**
 * End (exclusive) of the value starting at `index`: an object or array by bracket depth (strings skipped), a
 * string, or a scalar up to the next `,`, `}`, `]` or whitespace. -1 when it runs off the text.
 */
function valueEnd(text: Uint8Array, index: number): number {
  const first = text[index];
  if (first === QUOTE) return stringEnd(text, index);
  if (first === OPEN_BRACE || first === OPEN_BRACKET) {
    let depth = 0;
    for (let at = index; at < text.length; at += 1) {
      const byte = text[at];
      if (byte === QUOTE) {
        const end = stringEnd(text, at);
        if (end === -1) return -1;
        at = end - 1;
      } else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
        depth += 1;
      } else if ((byte === CLOSE_BRACE || byte === CLOSE_BRACKET) && --depth === 0) {
        return at + 1;
      }
    }
    return -1;
  }
  let at = index;
  for (; at < text.length; at += 1) {
    const byte = text[at];
    if (isWhitespace(byte) || byte === COMMA || byte === CLOSE_BRACE || byte === CLOSE_BRACKET) break;
  }
  return at === index ? -1 : at;
}

/** [start, end) pairs of the elements of the array spanning [start, end), or null when it is not laid out plainly. */
function arrayElements(text: Uint8Array, start: number, end: number): number[] | null {
  const bounds: number[] = [];
  let at = skipWhitespace(text, start + 1);
  if (text[at] === CLOSE_BRACKET) return at === end - 1 ? bounds : null;
  for (;;) {
    const elementEnd = valueEnd(text, at);
    if (elementEnd === -1 || elementEnd > end - 1) return null;
    bounds.push(at, elementEnd);
    at = skipWhitespace(text, elementEnd);
    if (text[at] === CLOSE_BRACKET) return at === end - 1 ? bounds : null;
    if (text[at] !== COMMA) return null;
    at = skipWhitespace(text, at + 1);
  }
}

const decoder = new TextDecoder("utf-8");

function decode(text: Uint8Array, start: number, end: number): string {
  return decoder.decode(text.subarray(start, end));
}

/**
 * The layout of `text` (UTF-8, without a byte order mark) when it is one JSON object with a `kind` ending in
 * "List" and an `items` array, or with no `kind` and a `records` array; otherwise (or when anything about it is
 * unusual) null.
 */
export function jsonListLayout(text: Uint8Array): JsonListLayout | null {
  let at = skipWhitespace(text, 0);
  if (text[at] !== OPEN_BRACE) return null;
  at = skipWhitespace(text, at + 1);
  const members: string[] = [];
  const lists = new Map<string, [number, number]>();
  if (text[at] === CLOSE_BRACE) return null;
  for (;;) {
    if (text[at] !== QUOTE) return null;
    const keyEnd = stringEnd(text, at);
    if (keyEnd === -1) return null;
    const keyText = decode(text, at, keyEnd);
    at = skipWhitespace(text, keyEnd);
    if (text[at] !== COLON) return null;
    at = skipWhitespace(text, at + 1);
    const end = valueEnd(text, at);
    if (end === -1) return null;
    if ((keyText === '"items"' || keyText === '"records"') && text[at] === OPEN_BRACKET) {
      // A repeated list key: JSON.parse would keep the last; not worth copying that rule here.
      if (lists.has(keyText)) return null;
      lists.set(keyText, [at, end]);
    } else {
      members.push(`${keyText}:${decode(text, at, end)}`);
    }
    at = skipWhitespace(text, end);
    if (text[at] === CLOSE_BRACE) break;
    if (text[at] !== COMMA) return null;
    at = skipWhitespace(text, at + 1);
  }
  if (skipWhitespace(text, at + 1) !== text.length) return null;

  let head: unknown;
  try {
    head = JSON.parse(`{${members.join(",")}}`);
  } catch {
    return null;
  }
  if (typeof head !== "object" || head === null || Array.isArray(head)) return null;
  const record = head as Record<string, unknown>;
  // Only the shapes whose every element the reader goes on to visit: so every piece is parsed, and a syntax error
  // anywhere is still found.
  const kind = record.kind;
  const key =
    typeof kind === "string" && kind.endsWith("List") && lists.has('"items"') && !lists.has('"records"')
      ? "items"
      : kind === undefined && lists.has('"records"') && !lists.has('"items"')
        ? "records"
        : null;
  if (key === null) return null;
  const [start, end] = lists.get(`"${key}"`)!;
  const bounds = arrayElements(text, start, end);
  if (bounds === null) return null;
  return { head: record, key, elements: Int32Array.from(bounds) };
}

/** A list whose elements are parsed when read, one at a time (`JSON.parse` throws on a bad one). */
export class LazyJsonArray {
  constructor(
    private readonly text: Uint8Array,
    private readonly elements: Int32Array,
  ) {}

  get length(): number {
    return this.elements.length / 2;
  }

  /** Parses element `index` now; nothing keeps it. */
  at(index: number): unknown {
    return JSON.parse(decode(this.text, this.elements[index * 2]!, this.elements[index * 2 + 1]!)) as unknown;
  }
}
