import { describe, expect, it } from 'vitest';
import { isAriLibraryThrow } from '../../../src/adapters/ari/ari-connection.js';

describe('what counts as an ari-client library throw', () => {
  it('recognises swagger-client thrown strings and stacks from the ARI libraries', () => {
    expect(isAriLibraryThrow('503 : undefined http://127.0.0.1:8088/ari/api-docs/resources.json')).toBe(true);
    const err = new Error('x');
    err.stack = 'Error: x\n    at f (/app/node_modules/swagger-client/lib/swagger.js:270:3)';
    expect(isAriLibraryThrow(err)).toBe(true);
  });

  it('does not swallow the app’s own faults', () => {
    expect(isAriLibraryThrow(new TypeError('cannot read properties of undefined'))).toBe(false);
    expect(isAriLibraryThrow('some other string')).toBe(false);
  });
});
