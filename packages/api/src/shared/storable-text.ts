/**
 * The path of the first string in a raw input that a database cannot store faithfully ("" for the
 * input itself, or a key at its top level), or null.
 * PostgreSQL refuses NUL in text (a 500 before this check); an unpaired UTF-16 surrogate has no
 * UTF-8 form, so a driver would silently store U+FFFD instead. Object keys count too: they name
 * fields. Walks with an explicit stack, so a deeply nested body cannot overflow the call stack.
 */
export function unstorableTextPath(input: unknown): string | null {
  const stack: [unknown, string][] = [[input, ""]];
  while (stack.length) {
    const [value, path] = stack.pop()!;
    if (typeof value === "string") {
      if (!isStorable(value)) return path;
    } else if (typeof value === "object" && value !== null) {
      for (const [key, child] of Object.entries(value)) {
        const childPath = path ? `${path}.${key}` : key;
        if (!isStorable(key)) return path;
        stack.push([child, childPath]);
      }
    }
  }
  return null;
}

const isStorable = (text: string) => !text.includes("\0") && text.isWellFormed();
