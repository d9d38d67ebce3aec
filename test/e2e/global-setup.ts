// Brings the local stack up once for the e2e run: real Asterisk in its root folder, Redis.
import { execFileSync } from 'node:child_process';
import { REPO_DIR } from '../support/stack-env.js';

export default function setup(): void {
  execFileSync('bash', ['scripts/stack.sh', 'up'], { cwd: REPO_DIR, stdio: 'inherit' });
  // start from a quiet Asterisk: no call left over from an earlier run may reach a stand-in
  execFileSync('bash', ['scripts/stack.sh', 'cli', 'channel request hangup all'], { cwd: REPO_DIR, stdio: 'inherit' });
}
