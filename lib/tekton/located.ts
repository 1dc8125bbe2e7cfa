// One value found in an uploaded file, with where it came from (document, list index, line) for messages,
// and the small helpers every reader of such values shares.

export type Path = readonly (string | number)[];

/** One object found in the file, with where it came from for messages. */
export interface Located {
  value: unknown;
  /** e.g. ["document 2", "items[3]"] or ["line 7"] (JSON Lines); empty for a lone object. */
  where: string[];
  /** 1-based line of the value at `path` below this object, when the file has line positions (YAML). */
  lineOf: (path: Path) => number | null;
  /** Kind and apiVersion implied by the container (`PipelineRunList` items, a Results record's type). */
  impliedKind?: string;
  impliedApiVersion?: string;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function child(parent: Located, keys: Path, label: string, value: unknown): Located {
  return {
    value,
    where: [...parent.where, label],
    lineOf: (path) => parent.lineOf([...keys, ...path]),
  };
}

export function describe(located: Located): string {
  return located.where.length > 0 ? `${located.where.join(", ")}: ` : "";
}
