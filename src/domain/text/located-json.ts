// JSON.parse that remembers where each value stands in the text (line and column, from 1), so
// a configuration file that parses but does not validate can be reported as "file, line 12,
// column 7: rules[0].limit: …". Syntax errors say their line and column too. Pure.
import { NamedError } from '../shared/named-error.js';

export interface TextPosition {
  line: number;
  column: number;
}

export class JsonSyntaxError extends NamedError {
  constructor(readonly position: TextPosition, problem: string) {
    super(`line ${position.line}, column ${position.column}: ${problem}`);
  }
}

export type JsonPath = ReadonlyArray<string | number>;

export interface LocatedJson {
  value: unknown;
  /** Where the value at `path` starts; for a path that is not there, its nearest present parent. */
  positionOf(path: JsonPath): TextPosition;
}

const MAX_DEPTH = 64;
const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

export function parseLocatedJson(text: string): LocatedJson {
  const positions = new Map<string, TextPosition>();
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; // a byte-order mark is not an error
  const lineStarts = [0];
  for (let k = 0; k < text.length; k += 1) if (text[k] === '\n') lineStarts.push(k + 1);

  const at = (offset: number): TextPosition => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - lineStarts[lo]! + 1 };
  };
  const fail = (problem: string, offset = i): never => {
    throw new JsonSyntaxError(at(offset), problem);
  };
  const describe = () => (i >= text.length ? 'the end of the file' : JSON.stringify(text[i]));
  const skipSpace = () => {
    while (i < text.length && ' \t\r\n'.includes(text[i]!)) i += 1;
  };
  const expect = (ch: string) => {
    if (text[i] !== ch) fail(`expected "${ch}" but found ${describe()}`);
    i += 1;
  };

  const parseString = (): string => {
    expect('"');
    let out = '';
    for (;;) {
      if (i >= text.length) fail('unterminated string');
      const ch = text[i]!;
      if (ch === '"') {
        i += 1;
        return out;
      }
      if (ch < ' ') fail('a control character in a string (write it as an escape such as \\n)');
      if (ch === '\\') {
        const e = text[i + 1] ?? '';
        if (e === 'u') {
          const hex = text.slice(i + 2, i + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('a bad \\u escape');
          out += String.fromCharCode(parseInt(hex, 16));
          i += 6;
        } else if (ESCAPES[e] !== undefined) {
          out += ESCAPES[e];
          i += 2;
        } else fail(`a bad escape "\\${e}"`);
      } else {
        out += ch;
        i += 1;
      }
    }
  };

  const parseValue = (path: Array<string | number>, depth: number): unknown => {
    skipSpace();
    if (depth > MAX_DEPTH) fail(`nested more than ${MAX_DEPTH} levels deep`);
    positions.set(JSON.stringify(path), at(i));
    const ch = text[i];
    if (ch === '{') {
      i += 1;
      const obj: Record<string, unknown> = {};
      skipSpace();
      if (text[i] === '}') {
        i += 1;
        return obj;
      }
      for (;;) {
        skipSpace();
        if (text[i] !== '"') fail(`expected a key in double quotes but found ${describe()}`);
        const keyAt = i;
        const key = parseString();
        if (Object.hasOwn(obj, key)) fail(`the key "${key}" appears twice`, keyAt);
        skipSpace();
        expect(':');
        obj[key] = parseValue([...path, key], depth + 1);
        skipSpace();
        if (text[i] === ',') {
          i += 1;
          skipSpace();
          if (text[i] === '}') fail('a comma before "}"');
        } else if (text[i] === '}') {
          i += 1;
          return obj;
        } else fail(`expected "," or "}" but found ${describe()}`);
      }
    }
    if (ch === '[') {
      i += 1;
      const arr: unknown[] = [];
      skipSpace();
      if (text[i] === ']') {
        i += 1;
        return arr;
      }
      for (;;) {
        arr.push(parseValue([...path, arr.length], depth + 1));
        skipSpace();
        if (text[i] === ',') {
          i += 1;
          skipSpace();
          if (text[i] === ']') fail('a comma before "]"');
        } else if (text[i] === ']') {
          i += 1;
          return arr;
        } else fail(`expected "," or "]" but found ${describe()}`);
      }
    }
    if (ch === '"') return parseString();
    const literal = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(i, i + 400));
    if (!literal) fail(`expected a value but found ${describe()}`);
    const word = literal![0];
    i += word.length;
    return word === 'true' ? true : word === 'false' ? false : word === 'null' ? null : Number(word);
  };

  const value = parseValue([], 0);
  skipSpace();
  if (i < text.length) fail(`unexpected ${describe()} after the end of the JSON value`);
  return {
    value,
    positionOf(path) {
      for (let n = path.length; n >= 0; n -= 1) {
        const p = positions.get(JSON.stringify(path.slice(0, n)));
        if (p) return p;
      }
      return { line: 1, column: 1 };
    },
  };
}
