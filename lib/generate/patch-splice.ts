// Writes patch mode's result into the user's own text: the original document and the patched value are compared
// node by node, and only the lines of what differs are replaced — a scalar in its own quoting, a task or param
// item, a map pair — so every other line stays byte for byte (comments, quoting, key order, indent style).
// Sequences of named items (tasks, params, workspaces) are aligned by name; others by value. Pure.
import { isMap, isScalar, isSeq, type Node, type Pair, type YAMLMap, type YAMLSeq } from "yaml";
import { sameValue } from "./tekton";
import { dashBefore, Lines, renderInline, renderItem, renderPair, type FileStyle } from "./patch-style";

/** One replacement of the text; `path` says where it is (seq items by their name, else by index). */
export interface Splice {
  from: number;
  to: number;
  text: string;
  path: string[];
}

interface Context {
  lines: Lines;
  style: FileStyle;
  splices: Splice[];
}

type Json = unknown;
const isObject = (value: Json): value is Record<string, Json> =>
  value !== null && typeof value === "object" && !Array.isArray(value);
const nameOf = (value: Json) => (isObject(value) && typeof value.name === "string" ? value.name : undefined);
const keyText = (pair: Pair) => String(isScalar(pair.key) ? pair.key.value : pair.key);

/** Offset just past the last line holding `node`'s content (its inline comment included). */
function endOfLines(context: Context, node: Node): number {
  const text = context.lines.text;
  let at = node.range?.[1] ?? 0;
  while (at > 0 && (text[at - 1] === "\n" || text[at - 1] === " " || text[at - 1] === "\r")) at--;
  return context.lines.start(context.lines.lineOf(Math.max(0, at - 1)) + 1);
}

const lineStartOf = (context: Context, offset: number) => context.lines.start(context.lines.lineOf(offset));

/** The comment lines right above `line` (at any indent), which describe what follows them. */
function commentsAbove(context: Context, line: number, floor: number): number {
  let first = line;
  while (first - 1 > floor && /^\s*#/.test(context.lines.line(first - 1))) first--;
  return first;
}

/** Removes lines [from, to) and one of the blank lines around them, if both sides are blank. */
function removeLines(context: Context, fromLine: number, toLine: number, path: string[]): void {
  const { lines } = context;
  const blank = (line: number) => line >= 0 && line < lines.count && lines.line(line).trim() === "";
  const end = blank(fromLine - 1) && blank(toLine) ? toLine + 1 : toLine;
  context.splices.push({ from: lines.start(fromLine), to: lines.start(end), text: "", path });
}

function insertAt(context: Context, offset: number, text: string, path: string[]): void {
  const needsBreak = offset === context.lines.text.length && !context.lines.text.endsWith("\n");
  context.splices.push({ from: offset, to: offset, text: needsBreak ? `\n${text}` : text, path });
}

/**
 * Makes `node`'s text say `next`, as locally as it can; false when only its owner (the pair or item holding it)
 * can be rewritten — a block scalar that changed, a collection that became a scalar.
 */
function spliceNode(context: Context, node: Node | null, next: Json, path: string[]): boolean {
  if (node === null) return next === null;
  if (sameValue(node.toJSON(), next)) return true;
  if (isMap(node) && !node.flow && isObject(next) && node.items.length > 0) return spliceMap(context, node, next, path);
  if (isSeq(node) && !node.flow && Array.isArray(next) && node.items.length > 0) {
    return spliceSeq(context, node, next, path);
  }
  const inline = node.range ? renderInline(node, next, context.style) : null;
  if (inline === null || !node.range) return false;
  context.splices.push({ from: node.range[0], to: node.range[1], text: inline, path });
  return true;
}

function spliceMap(context: Context, map: YAMLMap, next: Record<string, Json>, path: string[]): boolean {
  const pairs = map.items as Pair[];
  const firstKey = pairs[0]?.key as Node | undefined;
  if (!firstKey?.range) return false;
  const column = context.lines.column(firstKey.range[0]);
  // The first pair shares its line with a `- ` when the map is a sequence item: it is only edited in place.
  const firstShared = context.lines.line(context.lines.lineOf(firstKey.range[0])).trimStart().startsWith("-");
  const pairEnd = (pair: Pair) => endOfLines(context, ((pair.value as Node | null) ?? pair.key) as Node);
  const byKey = new Map(pairs.map((pair) => [keyText(pair), pair]));
  for (const [index, pair] of pairs.entries()) {
    const key = keyText(pair);
    const keyNode = pair.key as Node;
    if (!keyNode.range) return false;
    if (!(key in next)) {
      if (index === 0 && firstShared) return false;
      const line = context.lines.lineOf(keyNode.range[0]);
      removeLines(context, line, context.lines.lineOf(pairEnd(pair) - 1) + 1, [...path, key]);
      continue;
    }
    if (spliceNode(context, pair.value as Node | null, next[key], [...path, key])) continue;
    const from = index === 0 && firstShared ? keyNode.range[0] : lineStartOf(context, keyNode.range[0]);
    const text = renderPair(key, next[key], column, context.style, !(index === 0 && firstShared));
    context.splices.push({ from, to: pairEnd(pair), text, path: [...path, key] });
  }
  // New keys go after the key they follow in the patched value, else after the last pair.
  const keys = Object.keys(next);
  for (const [index, key] of keys.entries()) {
    if (byKey.has(key)) continue;
    const previous = keys
      .slice(0, index)
      .reverse()
      .find((candidate) => byKey.has(candidate));
    const after = byKey.get(previous ?? "") ?? pairs[pairs.length - 1]!;
    insertAt(context, pairEnd(after), renderPair(key, next[key], column, context.style), [...path, key]);
  }
  return true;
}

/** Longest common subsequence of two key lists, as index pairs. */
function align(left: string[], right: string[]): [number, number][] {
  const table = Array.from({ length: left.length + 1 }, () => new Array<number>(right.length + 1).fill(0));
  for (let i = left.length - 1; i >= 0; i--) {
    for (let j = right.length - 1; j >= 0; j--) {
      table[i]![j] = left[i] === right[j] ? table[i + 1]![j + 1]! + 1 : Math.max(table[i + 1]![j]!, table[i]![j + 1]!);
    }
  }
  const pairs: [number, number][] = [];
  for (let i = 0, j = 0; i < left.length && j < right.length;) {
    if (left[i] === right[j]) pairs.push([i++, j++]);
    else if (table[i + 1]![j]! >= table[i]![j + 1]!) i++;
    else j++;
  }
  return pairs;
}

const itemKey = (value: Json) => {
  const name = nameOf(value);
  return name !== undefined ? `name:${name}` : `value:${JSON.stringify(value)}`;
};

function spliceSeq(context: Context, seq: YAMLSeq, next: Json[], path: string[]): boolean {
  const items = seq.items as Node[];
  if (items.some((item) => !item?.range)) return false;
  const { lines } = context;
  const dashes = items.map((item) => dashBefore(lines.text, item.range![0]));
  const column = lines.column(dashes[0]!);
  const startLine = (i: number) => lines.lineOf(dashes[i]!);
  const itemEnd = (i: number) => endOfLines(context, items[i]!);
  const label = (value: Json, index: number) => nameOf(value) ?? String(index);
  const values = items.map((item) => item.toJSON() as Json);
  const matches = align(values.map(itemKey), next.map(itemKey));

  const replaceItem = (i: number, value: Json, j: number) =>
    context.splices.push({
      from: lines.start(startLine(i)),
      to: itemEnd(i),
      text: renderItem(value, column, context.style),
      path: [...path, label(value, j)],
    });
  const removeItem = (i: number) =>
    removeLines(context, lines.lineOf(removedFrom(i)), lines.lineOf(itemEnd(i) - 1) + 1, [
      ...path,
      label(values[i], i),
    ]);
  const removedFrom = (i: number) => {
    const floor = i === 0 ? lines.lineOf(seq.range![0]) - 1 : lines.lineOf(itemEnd(i - 1) - 1);
    return lines.start(commentsAbove(context, startLine(i), floor));
  };
  const insert = (offset: number, value: Json, j: number) =>
    insertAt(context, offset, renderItem(value, column, context.style), [...path, label(value, j)]);

  let i = 0;
  let j = 0;
  for (const [mi, mj] of [...matches, [items.length, next.length] as [number, number]]) {
    // The gap before a match: unnamed items pair up in order (a changed `when` entry); the rest go or come.
    while (i < mi && j < mj && nameOf(values[i]) === undefined && nameOf(next[j]) === undefined) {
      if (!spliceNode(context, items[i]!, next[j], [...path, String(j)])) replaceItem(i, next[j], j);
      i++;
      j++;
    }
    // New items take the place of the removed ones, else follow the previous item (or precede the first).
    const offset = i < mi ? removedFrom(i) : i > 0 ? itemEnd(i - 1) : removedFrom(0);
    for (; j < mj; j++) insert(offset, next[j], j);
    for (; i < mi; i++) removeItem(i);
    if (mi < items.length) {
      if (!spliceNode(context, items[mi]!, next[mj], [...path, label(next[mj], mj)])) replaceItem(mi, next[mj], mj);
      i = mi + 1;
      j = mj + 1;
    }
  }
  return true;
}

/** The text with the splices applied (they never overlap: each belongs to a different node). */
function applySplices(text: string, splices: Splice[]): string {
  const ordered = [...splices].sort((a, b) => a.from - b.from || a.to - b.to);
  let out = "";
  let at = 0;
  for (const splice of ordered) {
    if (splice.from < at) throw new Error(`overlapping edits at ${splice.path.join(".")}`);
    out += text.slice(at, splice.from) + splice.text;
    at = splice.to;
  }
  return out + text.slice(at);
}

/**
 * `text` with the document whose root node is `root` made to say `next`; null when its root cannot be edited in
 * place (the caller then writes the document whole).
 */
export function spliceDocument(
  text: string,
  root: Node | null,
  next: Json,
  style: FileStyle,
): { text: string; splices: Splice[] } | null {
  const context: Context = { lines: new Lines(text), style, splices: [] };
  if (!spliceNode(context, root, next, [])) return null;
  // A file with Windows line ends gets them in what is inserted too.
  const splices = text.includes("\r\n")
    ? context.splices.map((splice) => ({ ...splice, text: splice.text.replace(/\r?\n/g, "\r\n") }))
    : context.splices;
  return { text: applySplices(text, splices), splices };
}
