// The where-weakening mutation pass (`pnpm test:mutation:where`): the mutants Stryker never makes.
// For every filter of several conditions in packages/api and packages/auth (each key of an object
// literal inside a Prisma `where`, each AND term of the hand-written SQL, each condition pushed onto
// the article list's WHERE), it removes that one condition, runs the tests that cover the file, and
// reports which mutants the tests killed. A condition whose removal changes nothing is marked in
// place: `// where-mutation equivalent (<the condition>): <why>` on its line or the line above.
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";

interface Mutant {
  file: string;
  line: number;
  what: string;
  start: number;
  end: number;
  replacement: string;
}

const root = path.resolve(import.meta.dirname, "..");
const targets = [
  { dir: "packages/api", files: listSources("packages/api/src") },
  { dir: "packages/auth", files: listSources("packages/auth/src") },
];
// Files whose queries differ on PostgreSQL get their tests run there too.
const postgresPaths = /\$postgresPool|postgres/i;
const marker = /where-mutation equivalent \(([^)]+)\): (.+)$/;

function listSources(dir: string): string[] {
  const out = execFileSync("git", ["ls-files", `${dir}/*.ts`], { cwd: root, encoding: "utf8" });
  return out
    .split("\n")
    .filter((f) => f && !f.endsWith(".test.ts") && !f.includes("/generated/"))
    .map((f) => path.join(root, f));
}

function lineOf(source: ts.SourceFile, pos: number): number {
  return source.getLineAndCharacterOfPosition(pos).line + 1;
}

/** The reason a mutant is marked equivalent, if its line or the line above names its condition. */
function equivalence(lines: string[], mutant: Mutant): string | undefined {
  for (const text of [lines[mutant.line - 1], lines[mutant.line - 2]]) {
    const found = marker.exec(text ?? "");
    if (found && mutant.what.includes(found[1]!)) return found[2];
  }
  return undefined;
}

/** Removing one property of an object literal, with the comma that separated it. */
function withoutProperty(text: string, object: ts.ObjectLiteralExpression, index: number, source: ts.SourceFile) {
  const props = object.properties;
  const prop = props[index]!;
  const start = index === 0 ? prop.getStart(source) : props[index - 1]!.getEnd();
  const end = index === 0 ? props[1]!.getStart(source) : prop.getEnd();
  return { start, end, replacement: "", label: text.slice(prop.getStart(source), prop.getEnd()).replace(/\s+/g, " ") };
}

function objectMutants(file: string, source: ts.SourceFile, text: string): Mutant[] {
  const mutants: Mutant[] = [];
  const visitWhere = (node: ts.Node) => {
    if (ts.isObjectLiteralExpression(node) && node.properties.length >= 2) {
      node.properties.forEach((prop, i) => {
        const cut = withoutProperty(text, node, i, source);
        mutants.push({ file, line: lineOf(source, prop.getStart(source)), what: `where without ${cut.label}`, ...cut });
      });
    }
    ts.forEachChild(node, visitWhere);
  };
  const visit = (node: ts.Node) => {
    if (ts.isPropertyAssignment(node) && node.name.getText(source) === "where") visitWhere(node.initializer);
    else ts.forEachChild(node, visit);
  };
  visit(source);
  return mutants;
}

/** Conditions joined into the article list's WHERE: each pushed part, each element of a parts array. */
function partsMutants(file: string, source: ts.SourceFile): Mutant[] {
  const mutants: Mutant[] = [];
  const visit = (node: ts.Node) => {
    if (
      ts.isExpressionStatement(node) &&
      ts.isCallExpression(node.expression) &&
      node.expression.expression.getText(source) === "parts.push"
    ) {
      mutants.push({
        file,
        line: lineOf(source, node.getStart(source)),
        what: `WHERE without ${node.expression.arguments[0]!.getText(source).slice(0, 60)}`,
        start: node.getStart(source),
        end: node.getEnd(),
        replacement: "void 0;",
      });
    }
    if (
      ts.isVariableDeclaration(node) &&
      node.name.getText(source) === "parts" &&
      node.initializer &&
      ts.isArrayLiteralExpression(node.initializer)
    ) {
      const elements = node.initializer.elements;
      if (elements.length >= 2) {
        elements.forEach((element, i) => {
          const start = i === 0 ? element.getStart(source) : elements[i - 1]!.getEnd();
          const end = i === 0 ? elements[1]!.getStart(source) : element.getEnd();
          mutants.push({
            file,
            line: lineOf(source, element.getStart(source)),
            what: `WHERE without ${element.getText(source).slice(0, 60)}`,
            start,
            end,
            replacement: "",
          });
        });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return mutants;
}

const termEnd = /^(\s+AND\s|\s+THEN\b|\s+ORDER\b|\s+LIMIT\b|\s+GROUP\b|\))/;

/**
 * Where the term left of an AND begins, when that AND is the first of its chain: after WHERE, ON,
 * WHEN or an opening parenthesis at the same depth. Null when another AND comes first.
 */
function leftTermStart(body: string, at: number): number | null {
  let depth = 0;
  for (let i = at - 1; i > 0; i--) {
    const c = body[i];
    if (c === "}") {
      // Skip back over an interpolation.
      let braces = 0;
      for (; i > 0; i--) {
        if (body[i] === "}") braces++;
        if (body[i] === "{" && --braces === 0) break;
      }
      i--; // the $
      continue;
    }
    if (c === ")") depth++;
    if (c === "(") {
      if (depth === 0) return i + 1;
      depth--;
    }
    if (depth === 0) {
      const head = body.slice(0, i + 1);
      if (/(?:^|[\s`])(WHERE|ON|WHEN)\s$/.test(head)) return i + 1;
      if (/\sAND\s$/.test(head)) return null;
    }
  }
  return null;
}

/** In a sql`...` template, each AND term of a chain removed: "A AND B" gives "A" and "B". */
function sqlMutants(file: string, source: ts.SourceFile, text: string): Mutant[] {
  const mutants: Mutant[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isTaggedTemplateExpression(node) && node.tag.getText(source) === "sql") {
      const start = node.template.getStart(source);
      const body = text.slice(start, node.template.getEnd());
      for (const match of body.matchAll(/\s+AND\s+/g)) {
        // Only AND at the template's own level: not inside a ${...} or a string.
        const before = body.slice(0, match.index);
        if ((before.match(/\$\{/g) ?? []).length !== (before.match(/\}/g) ?? []).length) continue;
        let depth = 0;
        let end = match.index + match[0].length;
        for (; end < body.length - 1; end++) {
          const rest = body.slice(end);
          if (depth === 0 && termEnd.test(rest)) break;
          if (rest.startsWith("${")) {
            let braces = 0;
            for (; end < body.length; end++) {
              if (body[end] === "{") braces++;
              if (body[end] === "}" && --braces === 0) break;
            }
            continue;
          }
          if (body[end] === "(") depth++;
          if (body[end] === ")") depth--;
        }
        const term = body.slice(match.index, end);
        // The first AND of a chain: the term on its left may go too ("A AND B" without A).
        const left = leftTermStart(body, match.index!);
        if (left !== null) {
          mutants.push({
            file,
            line: lineOf(source, start + left),
            what: `SQL without "${body.slice(left, match.index).trim().replace(/\s+/g, " ").slice(0, 70)}"`,
            start: start + left,
            end: start + match.index! + match[0].length,
            replacement: "",
          });
        }
        mutants.push({
          file,
          line: lineOf(source, start + match.index + match[0].indexOf("AND")),
          what: `SQL without "${term.trim().replace(/\s+/g, " ").slice(0, 70)}"`,
          start: start + match.index,
          end: start + end,
          replacement: "",
        });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return mutants;
}

function mutantsOf(file: string): Mutant[] {
  const text = readFileSync(file, "utf8");
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  return [...objectMutants(file, source, text), ...partsMutants(file, source), ...sqlMutants(file, source, text)];
}

/** Runs the tests that import the file; true when one failed (the mutant is killed). */
function killed(dir: string, file: string, postgres: boolean): boolean {
  const cwd = path.join(root, dir);
  const env = { ...process.env, TEST_PROVIDERS: postgres ? "sqlite,postgresql" : "sqlite", VITEST_JSON_REPORT: "" };
  try {
    execFileSync("npx", ["vitest", "related", path.relative(cwd, file), "--run", "--passWithNoTests=false", "--bail=1", "--reporter=dot"], {
      cwd,
      stdio: "ignore",
      env,
    });
    return false;
  } catch {
    return true;
  }
}

// `--list`: the mutants only, nothing run. `--only <text>`: files whose path contains it.
const listOnly = process.argv.includes("--list");
const only = process.argv[process.argv.indexOf("--only") + 1];
const chosen = (file: string) => !process.argv.includes("--only") || (only !== undefined && file.includes(only));

const started = performance.now();
const results: { mutant: Mutant; outcome: "killed" | "survived" | "equivalent"; reason?: string }[] = [];
for (const { dir, files } of targets) {
  for (const file of files.filter(chosen)) {
    const original = readFileSync(file, "utf8");
    const lines = original.split("\n");
    const postgres = postgresPaths.test(original);
    const mutants = mutantsOf(file);
    // As Stryker's dry run: a test that fails on the code as it is would count every mutant killed.
    if (!listOnly && mutants.length && killed(dir, file, postgres))
      throw new Error(`the tests of ${path.relative(root, file)} fail without any mutant`);
    for (const mutant of mutants) {
      const reason = equivalence(lines, mutant);
      const where = `${path.relative(root, file)}:${mutant.line}`;
      if (listOnly) {
        console.log(`  ${where}  ${mutant.what}${reason ? `  (equivalent: ${reason})` : ""}`);
        continue;
      }
      if (reason) {
        results.push({ mutant, outcome: "equivalent", reason });
        console.log(`  equivalent  ${where}  ${mutant.what}  (${reason})`);
        continue;
      }
      writeFileSync(file, original.slice(0, mutant.start) + mutant.replacement + original.slice(mutant.end));
      let outcome: "killed" | "survived";
      try {
        outcome = killed(dir, file, postgres) ? "killed" : "survived";
      } finally {
        writeFileSync(file, original);
      }
      results.push({ mutant, outcome });
      console.log(`  ${outcome.padEnd(10)}  ${where}  ${mutant.what}`);
    }
  }
}

if (listOnly) process.exit(0);
const count = (o: string) => results.filter((r) => r.outcome === o).length;
const tested = count("killed") + count("survived");
const minutes = ((performance.now() - started) / 60_000).toFixed(1);
console.log(
  `\n${results.length} mutants: ${count("killed")} killed, ${count("survived")} survived, ${count("equivalent")} equivalent; ` +
    `score ${tested ? ((100 * count("killed")) / tested).toFixed(1) : "100"}% in ${minutes} min`,
);
if (count("survived")) process.exitCode = 1;
