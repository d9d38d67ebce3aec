// Which configuration files (the dialplans) changed between what the audit log last recorded and
// what is on disk now. Pure: both sides come in as file name → SHA-256.

export interface ConfigFileChange {
  file: string;
  change: 'added' | 'changed' | 'removed';
  before: string | null;
  after: string | null;
}

export function configFileChanges(recorded: ReadonlyMap<string, string | null>, current: ReadonlyMap<string, string>): ConfigFileChange[] {
  const changes: ConfigFileChange[] = [];
  for (const [file, after] of [...current].sort(([a], [b]) => a.localeCompare(b))) {
    const before = recorded.get(file) ?? null;
    if (before === null) changes.push({ file, change: 'added', before: null, after });
    else if (before !== after) changes.push({ file, change: 'changed', before, after });
  }
  for (const [file, before] of [...recorded].sort(([a], [b]) => a.localeCompare(b))) {
    if (before !== null && !current.has(file)) changes.push({ file, change: 'removed', before, after: null });
  }
  return changes;
}
