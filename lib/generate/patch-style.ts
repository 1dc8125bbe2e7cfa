// The layout of the user's YAML file, read from its text (compact or indented sequences, indent width, quote
// style, folding), and the rendering of new nodes in that layout at a given column — so that what patch mode
// inserts looks like the lines around it. Pure.
import { Document, isMap, isScalar, isSeq, Scalar, visit, type Node } from "yaml";

export interface FileStyle {
  /** Spaces per nesting level of a block map. */
  indent: number;
  /** false: `- ` items sit at their parent key's column (compact, as Konflux writes `.tekton` files). */
  indentSeq: boolean;
  /** Quotes a string that needs them with `'…'` rather than `"…"`. */
  singleQuote: boolean;
  /** 0: long strings are never folded (the file has lines over 80 characters). */
  lineWidth: number;
  /** `[ a, b ]` rather than `[a, b]`. */
  flowCollectionPadding: boolean;
}

/** Offsets ⇄ lines of one text. */
export class Lines {
  readonly starts: number[] = [0];
  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) if (text[i] === "\n") this.starts.push(i + 1);
  }
  /** The 0-based line holding `offset`. */
  lineOf(offset: number): number {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.starts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return low;
  }
  /** Offset of the start of `line`; the text's length past its last line. */
  start(line: number): number {
    return line < this.starts.length ? this.starts[line]! : this.text.length;
  }
  column(offset: number): number {
    return offset - this.start(this.lineOf(offset));
  }
  line(line: number): string {
    const end = line + 1 < this.starts.length ? this.starts[line + 1]! - 1 : this.text.length;
    return this.text.slice(this.start(line), end);
  }
  get count(): number {
    return this.starts.length;
  }
}

const mostCommon = <T>(votes: Map<T, number>, fallback: T): T =>
  [...votes.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? fallback;
const vote = <T>(votes: Map<T, number>, value: T) => votes.set(value, (votes.get(value) ?? 0) + 1);

/** The column of the `-` of a block sequence item whose node starts at `offset`. */
export function dashBefore(text: string, offset: number): number {
  let at = offset - 1;
  while (at >= 0 && (text[at] === " " || text[at] === "\n" || text[at] === "\r")) at--;
  return text[at] === "-" ? at : offset;
}

/** Reads the layout from the parsed document and its text; defaults are Konflux's own. */
export function detectStyle(text: string, contents: Node | null): FileStyle {
  const lines = new Lines(text);
  const indents = new Map<number, number>();
  const seqStyles = new Map<boolean, number>();
  const quotes = new Map<"single" | "double", number>();
  visit(contents, {
    Pair(_key, pair) {
      const key = pair.key as Node | null;
      const value = pair.value as Node | null;
      if (!key?.range || !value?.range) return;
      const keyColumn = lines.column(key.range[0]);
      if (isMap(value) && !value.flow && value.items[0]) {
        const first = value.items[0].key as Node | null;
        if (first?.range) vote(indents, lines.column(first.range[0]) - keyColumn);
      }
      if (isSeq(value) && !value.flow && value.items[0]) {
        const item = value.items[0] as Node;
        if (item.range) vote(seqStyles, lines.column(dashBefore(text, item.range[0])) > keyColumn);
      }
    },
    Scalar(_key, scalar) {
      if (scalar.type === Scalar.QUOTE_SINGLE) vote(quotes, "single");
      if (scalar.type === Scalar.QUOTE_DOUBLE) vote(quotes, "double");
    },
  });
  const indent = mostCommon(indents, 2);
  const longest = Math.max(0, ...text.split("\n").map((line) => line.length));
  return {
    indent: indent >= 1 && indent <= 8 ? indent : 2,
    indentSeq: mostCommon(seqStyles, false),
    singleQuote: (quotes.get("single") ?? 0) > (quotes.get("double") ?? 0),
    lineWidth: longest > 80 ? 0 : 80,
    flowCollectionPadding: /\[ \S/.test(text) && !/\[[^\s\]]/.test(text),
  };
}

function toText(value: unknown, style: FileStyle, flow = false): string {
  const document = new Document(value, { aliasDuplicateObjects: false });
  if (flow && document.contents && (isSeq(document.contents) || isMap(document.contents))) {
    document.contents.flow = true;
  }
  return document.toString({
    indent: style.indent,
    indentSeq: style.indentSeq,
    singleQuote: style.singleQuote,
    lineWidth: style.lineWidth,
    flowCollectionPadding: style.flowCollectionPadding,
  });
}

/** Indents every non-empty line but the first by `column` spaces (the first goes where the caller puts it). */
const shift = (text: string, column: number, first: boolean) =>
  text
    .replace(/\n$/, "")
    .split("\n")
    .map((line, i) => (line === "" || (i === 0 && !first) ? line : " ".repeat(column) + line))
    .join("\n");

/** A whole `- …` item of a block sequence whose dashes are at `column`, with its line break. */
export const renderItem = (value: unknown, column: number, style: FileStyle) =>
  `${shift(toText([value], style), column, true)}\n`;

/** A whole `key: …` pair of a block map whose keys are at `column`; `indentFirst` false when it follows `- `. */
export const renderPair = (key: string, value: unknown, column: number, style: FileStyle, indentFirst = true) =>
  `${shift(toText({ [key]: value }, style), column, indentFirst)}\n`;

/** A scalar or flow collection in place of `original`, on one line and in its quoting; null if it needs more. */
export function renderInline(original: Node, value: unknown, style: FileStyle): string | null {
  if (isScalar(original)) {
    if (original.type === Scalar.BLOCK_LITERAL || original.type === Scalar.BLOCK_FOLDED) return null;
    if (value !== null && typeof value === "object") return null;
    const scalar = new Scalar(value);
    if (typeof value === "string" && original.type !== undefined && original.type !== Scalar.PLAIN) {
      scalar.type = original.type;
    }
    const text = toText(scalar, { ...style, lineWidth: 0 }).replace(/\n$/, "");
    return text.includes("\n") ? null : text;
  }
  if ((isSeq(original) || isMap(original)) && original.flow) {
    const text = toText(value, { ...style, lineWidth: 0 }, true).replace(/\n$/, "");
    return text.includes("\n") ? null : text;
  }
  return null;
}
