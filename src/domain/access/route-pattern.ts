// Matches a request path against an express-style route pattern ("/api/agents/:id/login") the
// way express 5 routes it: literal segments compared case-insensitively, a trailing slash
// allowed, ":name" taking one whole non-empty segment, percent-decoded. Anything express would
// not route to the pattern does not match it.

export type RouteParams = Record<string, string>;

function splitPath(path: string): string[] | null {
  if (!path.startsWith('/')) return null;
  const trimmed = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
  return trimmed === '/' ? [] : trimmed.slice(1).split('/');
}

function decode(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    // malformed escapes: express answers 400 and never reaches a handler
    return null;
  }
}

/** The params of `path` if it matches `pattern`, otherwise null. */
export function matchRoute(pattern: string, path: string): RouteParams | null {
  const want = splitPath(pattern);
  const got = splitPath(path);
  if (!want || !got || want.length !== got.length) return null;
  const params: RouteParams = {};
  for (let i = 0; i < want.length; i += 1) {
    const w = want[i]!;
    const g = got[i]!;
    if (g === '') return null;
    if (w.startsWith(':')) {
      const value = decode(g);
      if (value === null) return null;
      params[w.slice(1)] = value;
    } else if (w.toLowerCase() !== g.toLowerCase()) {
      return null;
    }
  }
  return params;
}
