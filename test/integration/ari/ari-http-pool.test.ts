// The bound on ARI's HTTP connections, against a real local HTTP server standing in for
// Asterisk's: a burst of requests through Node's global agent (what ari-client's REST calls use)
// never holds more connections than the bound, every request is answered, and connections are reused.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { boundAriHttpConnections } from '../../../src/adapters/ari/ari-http-pool.js';

const agent = http.globalAgent as http.Agent & { keepAlive?: boolean };
const saved = { maxSockets: agent.maxSockets, maxFreeSockets: agent.maxFreeSockets, keepAlive: agent.keepAlive };
let server: http.Server | undefined;

afterEach(async () => {
  Object.assign(agent, saved);
  agent.destroy();
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  server = undefined;
});

function get(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port, path: '/ari/channels' }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    }).on('error', reject);
  });
}

describe('ARI HTTP connections', () => {
  it('a burst of 60 requests uses at most the bound (5) of connections, each kept and reused; all are answered', async () => {
    let open = 0;
    let most = 0;
    let inFlight = 0;
    let mostInFlight = 0;
    let connections = 0;
    server = http.createServer((_req, res) => {
      inFlight += 1;
      mostInFlight = Math.max(mostInFlight, inFlight);
      setTimeout(() => {
        inFlight -= 1;
        res.end('[]');
      }, 20);
    });
    server.on('connection', (socket) => {
      connections += 1;
      open += 1;
      most = Math.max(most, open);
      socket.on('close', () => (open -= 1));
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
    const { port } = server.address() as AddressInfo;

    boundAriHttpConnections(5);
    const statuses = await Promise.all(Array.from({ length: 60 }, () => get(port)));

    expect(statuses).toEqual(Array.from({ length: 60 }, () => 200));
    expect(most).toBe(5);
    expect(mostInFlight).toBe(5);
    expect(connections).toBe(5);
  });
});
