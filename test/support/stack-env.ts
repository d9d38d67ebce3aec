// The local stack's settings as scripts/stack.sh wrote them (.stack/hotline.env).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const REPO_DIR = fileURLToPath(new URL('../../', import.meta.url));

export function readStackEnv(): Record<string, string> {
  const file = process.env.HOTLINE_STACK_DIR ? `${process.env.HOTLINE_STACK_DIR}/hotline.env` : `${REPO_DIR}.stack/hotline.env`;
  const env: Record<string, string> = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (m) env[m[1]!] = m[2]!;
  }
  return env;
}
