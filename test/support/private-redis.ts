// A redis-server of a test's own on a free port (no persistence), for tests that change the
// server's settings or freeze it, so the machine's shared Redis is left as it is.
import { spawn, type ChildProcess } from 'node:child_process';
import { createConnection } from 'node:net';
import { freePort, waitFor } from './hotline-app.js';

export interface PrivateRedis {
  port: number;
  url: string;
  /** The server's process (a test may SIGSTOP / SIGCONT it). */
  process: ChildProcess;
  stop(): void;
}

const accepts = (port: number) =>
  new Promise<true | undefined>((resolve) => {
    const socket = createConnection(port, '127.0.0.1', () => {
      socket.end();
      resolve(true);
    });
    socket.once('error', () => resolve(undefined));
  });

/** Starts redis-server with `extra` arguments and waits until its port accepts connections. */
export async function startPrivateRedis(...extra: string[]): Promise<PrivateRedis> {
  const port = await freePort();
  const server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', ...extra], { stdio: 'ignore' });
  const stop = () => {
    server.kill('SIGCONT');
    server.kill('SIGKILL');
  };
  try {
    await waitFor(`the test Redis on port ${port}`, () => accepts(port));
  } catch (err) {
    stop();
    throw err;
  }
  return { port, url: `redis://127.0.0.1:${port}`, process: server, stop };
}
