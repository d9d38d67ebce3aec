// Where things are in a JSON text, so that a bad seed file can be answered with the line of the
// bad field: every value's path (`[3]`, `[3].parentId`, `[3].contacts[0].phone`) → its line
// (1-based; for an object member, the line of its key). Pure.

export type JsonPath = ReadonlyArray<string | number>;

export const formatJsonPath = (path: JsonPath): string =>
  path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('').replace(/^\./, '');

/** The line of `offset` in `text` (1-based). */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i += 1) if (text.charCodeAt(i) === 10) line += 1;
  return line;
}

/** The lines of every value in a text JSON.parse accepts. Behaviour on other text is undefined but never throws. */
export function jsonLines(text: string): Map<string, number> {
  const lines = new Map<string, number>();
  let i = 0;
  let line = 1;
  const skip = () => {
    while (i < text.length && /\s/.test(text[i]!)) {
      if (text[i] === '\n') line += 1;
      i += 1;
    }
  };
  const readString = (): string => {
    const start = i;
    i += 1;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i += 1;
    try {
      return JSON.parse(text.slice(start, i)) as string;
    } catch {
      return text.slice(start + 1, i - 1);
    }
  };
  const value = (path: JsonPath, at: number): void => {
    skip();
    if (!lines.has(formatJsonPath(path))) lines.set(formatJsonPath(path), at || line);
    const c = text[i];
    if (c === '{') {
      i += 1;
      skip();
      while (i < text.length && text[i] !== '}') {
        const keyLine = line;
        const key = readString();
        skip();
        i += 1; // ':'
        value([...path, key], keyLine);
        skip();
        if (text[i] === ',') i += 1;
        skip();
      }
      i += 1;
    } else if (c === '[') {
      i += 1;
      skip();
      let n = 0;
      while (i < text.length && text[i] !== ']') {
        skip();
        value([...path, n], line);
        n += 1;
        skip();
        if (text[i] === ',') i += 1;
        skip();
      }
      i += 1;
    } else if (c === '"') {
      readString();
    } else {
      while (i < text.length && /[^\s,\]}]/.test(text[i]!)) i += 1;
    }
  };
  value([], 0);
  return lines;
}

/** The line of the value at `path`, or of its nearest enclosing value that has one. */
export function lineOf(lines: ReadonlyMap<string, number>, path: JsonPath): number {
  for (let n = path.length; n >= 0; n -= 1) {
    const found = lines.get(formatJsonPath(path.slice(0, n)));
    if (found !== undefined) return found;
  }
  return 1;
}
