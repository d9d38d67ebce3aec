// A real SIP softphone for agents: baresip registering with the agent's account, answering by
// itself (or not at all, for ring-no-answer), sending a continuous 1 kHz tone as its voice.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Softphone {
  user: string;
  /** With `keepHeard`: the WAV files of what the phone heard, one per call (baresip's sndfile dumps, 16-bit PCM). */
  heardFiles(): string[];
  output(): string;
  stop(): Promise<void>;
  /** The phone is gone at once (a crash, a pulled cable): no BYE, no more media. */
  vanish(): Promise<void>;
}

export async function startSoftphone(o: {
  user: string;
  password: string;
  answer: 'auto' | 'never';
  port: number;
  /** A number to dial once registered, e.g. a feature code "*21". */
  dial?: string;
  /** The frequency of the tone the phone sends as its voice (default 1000 Hz). */
  toneHz?: number;
  /** Keep what the phone hears in WAV files (heardFiles()). */
  keepHeard?: boolean;
}): Promise<Softphone> {
  const dir = mkdtempSync(join(tmpdir(), `softphone-${o.user}-`));
  writeFileSync(
    join(dir, 'config'),
    [
      'poll_method epoll',
      `sip_listen 127.0.0.1:${o.port}`,
      // ausine makes a 48 kHz stereo tone only; baresip resamples it for G.711
      `audio_source ausine,${o.toneHz ?? 1000}`,
      'ausrc_srate 48000',
      'ausrc_channels 2',
      `audio_player aufile,${join(dir, 'heard.wav')}`,
      'audio_alert aufile,/dev/null',
      'module_path /usr/lib/baresip/modules',
      'module g711.so',
      'module ausine.so',
      'module aufile.so',
      ...(o.keepHeard ? ['module sndfile.so', `snd_path ${dir}`] : []),
      'module_app account.so',
      'module_app menu.so',
      '',
    ].join('\n'),
  );
  const answermode = o.answer === 'auto' ? 'auto' : 'manual';
  writeFileSync(join(dir, 'accounts'), `<sip:${o.user}@127.0.0.1;transport=udp>;auth_pass=${o.password};answermode=${answermode};regint=300\n`);
  const child: ChildProcess = spawn('baresip', ['-4', '-f', dir, ...(o.dial ? ['-e', `/dial ${o.dial}`] : [])], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 10_000;
  while (!/200 OK .*\[\d+ bindings?\]/.test(out)) {
    if (Date.now() > deadline || child.exitCode !== null) {
      child.kill('SIGKILL');
      throw new Error(`softphone ${o.user} did not register:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    user: o.user,
    heardFiles: () => readdirSync(dir).filter((f) => f.endsWith('-dec.wav')).map((f) => join(dir, f)),
    output: () => out,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const t = setTimeout(() => child.kill('SIGKILL'), 3000);
        await exited;
        clearTimeout(t);
      }
    },
    async vanish() {
      if (child.exitCode === null) {
        child.kill('SIGKILL');
        await exited;
      }
    },
  };
}
