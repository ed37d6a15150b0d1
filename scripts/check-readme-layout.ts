// The README's Layout block must stay true: every path it names exists, and every package and
// every folder directly under a package's src/ is named (a new folder gets its line).
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const readme = readFileSync(path.join(root, "README.md"), "utf8");
const block = /### Layout[\s\S]*?```\n([\s\S]*?)```/.exec(readme)?.[1];
if (!block) throw new Error("README.md has no Layout block (### Layout, then a fenced block)");

const named = block
  .split("\n")
  .map((line) => /^(\S+)/.exec(line)?.[1])
  .filter((p): p is string => Boolean(p && p.includes("/")));
const problems = named.filter((p) => !existsSync(path.join(root, p))).map((p) => `named but missing: ${p}`);

const covered = (folder: string) => named.some((p) => p.replace(/\/$/, "") === folder || p.startsWith(`${folder}/`));
const folders = (dir: string) =>
  existsSync(path.join(root, dir))
    ? readdirSync(path.join(root, dir)).filter((name) => statSync(path.join(root, dir, name)).isDirectory())
    : [];
for (const group of ["apps", "packages"]) {
  for (const pkg of folders(group)) {
    const base = `${group}/${pkg}`;
    if (!covered(base)) problems.push(`not in the layout: ${base}/`);
    // The generated Prisma clients are not committed: a fresh clone has no such folder yet.
    for (const sub of folders(`${base}/src`).filter((name) => name !== "generated")) {
      if (!covered(`${base}/src/${sub}`)) problems.push(`not in the layout: ${base}/src/${sub}/`);
    }
  }
}
if (problems.length) {
  console.error(`README.md's Layout is out of date:\n  ${problems.join("\n  ")}`);
  process.exit(1);
}
console.log(`README layout: ${named.length} paths, all there; every package folder named`);
