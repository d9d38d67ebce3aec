// The start banner (scripts/stack.sh up, then npm start) says where the admin token and the SIP
// passwords are, never what they are: its output often ends up in a log file.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const secrets = {
  HOTLINE_ADMIN_TOKEN: 'admintoken0123456789abcdef0123456789abcdef0123',
  AGENT_1001_PASSWORD: 'sip1001secret0123456789abcdef0123456789abcdef',
  AGENT_1002_PASSWORD: 'sip1002secret0123456789abcdef0123456789abcdef',
  ARI_PASSWORD: 'arisecret0123456789abcdef0123456789abcdef0123',
  AMI_SECRET: 'amisecret0123456789abcdef0123456789abcdef0123',
};

describe('the start banner', () => {
  it('of scripts/stack.sh up names the file holding the secrets and prints none of them', () => {
    const script = [
      'set -euo pipefail',
      '. scripts/stack/common.sh',
      '. scripts/stack/hotline-env.sh',
      'asterisk_cli() { echo "Asterisk 22.0.0"; }',
      'print_up_summary',
    ].join('\n');
    const out = execFileSync('bash', ['-c', script], {
      encoding: 'utf8',
      env: {
        ...process.env, ...secrets, HOTLINE_STACK_DIR: '/srv/hotline/.stack', HOTLINE_NUMBER: '12345', ASTERISK_BIND_ADDR: '127.0.0.1',
        SIP_PORT: '5060', ARI_HTTP_PORT: '8088', AMI_PORT: '5038', ARI_APP: 'hotline', ARI_USERNAME: 'hotline', AMI_USERNAME: 'hotline',
        CARRIER_MATCH: '127.0.0.2', HOTLINE_ASTERISK_ROOT: '/srv/root',
      },
    });
    expect(out).toContain('HOTLINE_ADMIN_TOKEN in /srv/hotline/.stack/hotline.env');
    expect(out).toContain('AGENT_1001_PASSWORD, AGENT_1002_PASSWORD in /srv/hotline/.stack/hotline.env');
    for (const [name, value] of Object.entries(secrets)) expect(out, name).not.toContain(value);
  });

  it('of npm start (scripts/hotline-up.sh) expands no secret into its output', () => {
    const echoes = readFileSync('scripts/hotline-up.sh', 'utf8').split('\n').filter((l) => /^\s*echo /.test(l));
    expect(echoes.length).toBeGreaterThan(3);
    // a secret could only be printed through an unescaped $NAME in an echo line
    for (const line of echoes) expect(line).not.toMatch(/(?<!\\)\$\{?(HOTLINE_ADMIN_TOKEN|ARI_PASSWORD|AMI_SECRET|AGENT_100\d_PASSWORD)/);
  });
});
