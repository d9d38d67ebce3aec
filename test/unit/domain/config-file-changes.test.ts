import { describe, expect, it } from 'vitest';
import { configFileChanges } from '../../../src/domain/audit/config-file-changes.js';

const m = <V>(entries: Array<[string, V]>) => new Map(entries);

describe('dialplan file changes', () => {
  it('nothing recorded yet: every file is added, in name order', () => {
    expect(configFileChanges(m([]), m([['pjsip.conf', 'b'], ['extensions.conf', 'a']]))).toEqual([
      { file: 'extensions.conf', change: 'added', before: null, after: 'a' },
      { file: 'pjsip.conf', change: 'added', before: null, after: 'b' },
    ]);
  });
  it('a changed file, a removed file, an unchanged file', () => {
    expect(configFileChanges(m([['extensions.conf', 'a'], ['queues.conf', 'q'], ['pjsip.conf', 'b']]), m([['extensions.conf', 'a2'], ['pjsip.conf', 'b']]))).toEqual([
      { file: 'extensions.conf', change: 'changed', before: 'a', after: 'a2' },
      { file: 'queues.conf', change: 'removed', before: 'q', after: null },
    ]);
  });
  it('a file recorded as removed that comes back is added again; a removed one stays removed', () => {
    expect(configFileChanges(m<string | null>([['queues.conf', null], ['old.conf', null]]), m([['queues.conf', 'q']]))).toEqual([
      { file: 'queues.conf', change: 'added', before: null, after: 'q' },
    ]);
  });
});
