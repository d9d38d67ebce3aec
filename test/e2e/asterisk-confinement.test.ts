// Asterisk confined: it runs as the root folder's unprivileged "asterisk" account, whose ids are
// those of the host account hotline-asterisk (no other host account owns its process or files),
// and every socket it has is on loopback (scripts/stack/bind-to-address.c catches the ones no
// setting reaches). Read from /proc of the running Asterisk.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readStackEnv, REPO_DIR } from '../support/stack-env.js';

const root = process.env.HOTLINE_ASTERISK_ROOT ?? `${REPO_DIR}.stack/asterisk/root`;
const env = readStackEnv();

function asteriskPid(): number {
  // /var/run is a symlink to /run inside the root
  const pid = Number(readFileSync(`${root}/run/asterisk/asterisk.pid`, 'utf8').trim());
  expect(readlinkSync(`/proc/${pid}/root`)).toBe(execFileSync('realpath', [root], { encoding: 'utf8' }).trim());
  return pid;
}

/** "Uid:" / "Gid:" of /proc/<pid>/status: real, effective, saved, filesystem. */
function ids(pid: number, field: 'Uid' | 'Gid'): number[] {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith(`${field}:`))!;
  return line.split(/\s+/).slice(1, 5).map(Number);
}

function accountIds(passwd: string, name: string): { uid: number; gid: number } | null {
  const fields = passwd.split('\n').map((l) => l.split(':')).find((f) => f[0] === name);
  return fields ? { uid: Number(fields[2]), gid: Number(fields[3]) } : null;
}

interface InetSocket {
  proto: string;
  local: string;
  port: number;
  remotePort: number;
  state: string;
}

/** /proc/net/{tcp,udp}[6] address "0100007F:13C4" or "000…0001:13C4" as text. */
function address(hex: string, v6: boolean): string {
  if (!v6) return hex.match(/../g)!.reverse().map((b) => parseInt(b, 16)).join('.');
  const words = hex.match(/.{8}/g)!.map((w) => w.match(/../g)!.reverse().join(''));
  return words.join('').match(/.{4}/g)!.map((g) => g.replace(/^0+(?=.)/, '')).join(':');
}

function socketsOf(pid: number): { inet: InetSocket[]; total: number } {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m) inodes.add(m[1]!);
    } catch {
      // the descriptor was closed between readdir and readlink
      continue;
    }
  }
  const inet: InetSocket[] = [];
  for (const proto of ['tcp', 'tcp6', 'udp', 'udp6']) {
    for (const line of readFileSync(`/proc/${pid}/net/${proto}`, 'utf8').split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length < 10 || !inodes.has(f[9]!)) continue;
      const [localHex, portHex] = f[1]!.split(':');
      inet.push({
        proto, local: address(localHex!, proto.endsWith('6')), port: parseInt(portHex!, 16),
        remotePort: parseInt(f[2]!.split(':')[1]!, 16), state: f[3]!,
      });
    }
  }
  return { inet, total: inodes.size };
}

describe('the running Asterisk', () => {
  it('runs as the root\'s asterisk account, with the ids of the host\'s hotline-asterisk, never root', () => {
    const pid = asteriskPid();
    const uids = ids(pid, 'Uid');
    const gids = ids(pid, 'Gid');
    expect(uids.every((u) => u !== 0), `uids ${uids.join(' ')}`).toBe(true);
    expect(gids.every((g) => g !== 0), `gids ${gids.join(' ')}`).toBe(true);
    const host = accountIds(readFileSync('/etc/passwd', 'utf8'), 'hotline-asterisk');
    const inRoot = accountIds(readFileSync(`${root}/etc/passwd`, 'utf8'), 'asterisk');
    expect(host).not.toBeNull();
    expect(inRoot).toEqual(host);
    expect(new Set(uids)).toEqual(new Set([host!.uid]));
    expect(new Set(gids)).toEqual(new Set([host!.gid]));
    // no other host account has that uid
    const sameUid = readFileSync('/etc/passwd', 'utf8').split('\n').filter((l) => l.split(':')[2] === String(host!.uid));
    expect(sameUid.map((l) => l.split(':')[0])).toEqual(['hotline-asterisk']);
  });

  it('owns what it writes (astdb, its recordings folder) and reads its configuration only through its group', () => {
    const pid = asteriskPid();
    const uid = ids(pid, 'Uid')[0];
    const gid = ids(pid, 'Gid')[0];
    expect(statSync(`${root}/var/lib/asterisk/astdb.sqlite3`).uid).toBe(uid);
    expect(statSync(env.RECORDINGS_DIR ?? `${root}/var/spool/asterisk/recording`).uid).toBe(uid);
    const etc = statSync(`${root}/etc/asterisk`);
    expect({ uid: etc.uid, gid: etc.gid, mode: etc.mode & 0o777 }).toEqual({ uid: 0, gid, mode: 0o750 });
    const ari = statSync(`${root}/etc/asterisk/ari.conf`);
    expect({ uid: ari.uid, gid: ari.gid, mode: ari.mode & 0o777 }).toEqual({ uid: 0, gid, mode: 0o640 });
  });

  it('has every socket on loopback, pjproject\'s DNS client included (bound by the preloaded bind-to-address.so)', () => {
    const pid = asteriskPid();
    const { inet, total } = socketsOf(pid);
    expect(total).toBeGreaterThan(0);
    expect(readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0')).toContain('LD_PRELOAD=/usr/local/lib/hotline12345/bind-to-address.so');
    const loopback = (s: InetSocket) => (s.proto.endsWith('6') ? s.local === '0:0:0:0:0:0:0:1' : s.local.startsWith('127.'));
    const beyond = inet.filter((s) => !loopback(s));
    expect(beyond, JSON.stringify(beyond)).toEqual([]);
    // res_pjsip's DNS client is there (one unconnected UDP socket per family), now on loopback
    const [lo, hi] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
    const dnsClient = (s: InetSocket) => s.proto.startsWith('udp') && s.remotePort === 0 && s.port >= lo! && s.port <= hi!;
    expect(inet.filter(dnsClient).length).toBeGreaterThan(0);
    // the services themselves: SIP (UDP and TCP), ARI/HTTP, AMI, all on 127.0.0.1
    const listening = inet.filter((s) => s.state === '0A' || s.proto.startsWith('udp'));
    const ports = new Set(listening.map((s) => `${s.proto}:${s.local}:${s.port}`));
    for (const expected of ['udp:127.0.0.1:5060', 'tcp:127.0.0.1:5060', 'tcp:127.0.0.1:8088', 'tcp:127.0.0.1:5038']) {
      expect(ports.has(expected), `${expected} in ${[...ports].join(', ')}`).toBe(true);
    }
  });
});
