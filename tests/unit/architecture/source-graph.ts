// The project's own source as a graph, for the architecture tests: every file under lib/, components/, app/ and
// cli/, the files each imports (relative and `@/` specifiers resolved to files), and the length of every
// function. Read with the TypeScript compiler's parser, so comments and strings never count as imports.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import ts from "typescript";

export const ROOT = path.resolve(import.meta.dirname, "..", "..", "..");
const EXTENSIONS = [".ts", ".tsx"];

export interface SourceFile {
  /** Path from the repository root, with forward slashes. */
  file: string;
  lines: number;
  /** Repository-relative files this one imports (type-only imports included). */
  imports: { target: string; specifier: string; typeOnly: boolean }[];
  /** Bare package specifiers (e.g. "server-only", "next/server"). */
  packages: string[];
  functions: { name: string; line: number; lines: number }[];
}

function walk(dir: string, out: string[]): void {
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) walk(full, out);
    else if (EXTENSIONS.some((ext) => name.endsWith(ext)) && !name.endsWith(".d.ts")) out.push(full);
  }
}

function resolve(fromFile: string, specifier: string): string | null {
  let base: string;
  if (specifier.startsWith("@/")) base = path.join(ROOT, specifier.slice(2));
  else if (specifier.startsWith(".")) base = path.resolve(path.dirname(fromFile), specifier);
  else return null;
  const candidates = [
    base,
    ...EXTENSIONS.map((ext) => base + ext),
    ...EXTENSIONS.map((ext) => path.join(base, `index${ext}`)),
  ];
  for (const candidate of candidates) {
    try {
      if (statSync(candidate).isFile()) return path.relative(ROOT, candidate).split(path.sep).join("/");
    } catch {
      // not this one
    }
  }
  return null;
}

function functionName(node: ts.Node): string {
  if ((ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node)) && node.name) return node.name.getText();
  const parent = node.parent;
  if (parent && ts.isVariableDeclaration(parent)) return parent.name.getText();
  if (parent && ts.isPropertyAssignment(parent)) return parent.name.getText();
  return "(anonymous)";
}

function readSource(full: string): SourceFile {
  const text = readFileSync(full, "utf8");
  const source = ts.createSourceFile(full, text, ts.ScriptTarget.Latest, true);
  const file = path.relative(ROOT, full).split(path.sep).join("/");
  const imports: SourceFile["imports"] = [];
  const packages: string[] = [];
  const functions: SourceFile["functions"] = [];
  const add = (specifier: string, typeOnly: boolean) => {
    const target = resolve(full, specifier);
    if (target) imports.push({ target, specifier, typeOnly });
    else if (!specifier.startsWith(".") && !specifier.startsWith("@/")) packages.push(specifier);
  };
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      add(node.moduleSpecifier.text, node.importClause?.isTypeOnly ?? false);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      add(node.moduleSpecifier.text, node.isTypeOnly);
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      add(node.arguments[0].text, false);
    }
    if (
      ts.isFunctionDeclaration(node) ||
      ts.isMethodDeclaration(node) ||
      ts.isArrowFunction(node) ||
      ts.isFunctionExpression(node)
    ) {
      const start = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      functions.push({ name: functionName(node), line: start + 1, lines: end - start + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return { file, lines: text.split("\n").length - (text.endsWith("\n") ? 1 : 0), imports, packages, functions };
}

/** Every source file of the given top-level folders. */
export function readSources(folders: readonly string[] = ["lib", "components", "app", "cli"]): SourceFile[] {
  const files: string[] = [];
  for (const folder of folders) walk(path.join(ROOT, folder), files);
  return files.sort().map(readSource);
}

/** Strongly connected components of more than one file (or a file importing itself): the import circles. */
export function importCycles(sources: readonly SourceFile[]): string[][] {
  const graph = new Map(sources.map((s) => [s.file, s.imports.map((i) => i.target)]));
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  let counter = 0;
  const connect = (file: string) => {
    index.set(file, counter);
    low.set(file, counter);
    counter += 1;
    stack.push(file);
    onStack.add(file);
    for (const next of graph.get(file) ?? []) {
      if (!graph.has(next)) continue;
      if (!index.has(next)) {
        connect(next);
        low.set(file, Math.min(low.get(file)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(file, Math.min(low.get(file)!, index.get(next)!));
      }
    }
    if (low.get(file) === index.get(file)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== file);
      if (component.length > 1 || (graph.get(file) ?? []).includes(file)) cycles.push(component.sort());
    }
  };
  for (const file of graph.keys()) if (!index.has(file)) connect(file);
  return cycles;
}
