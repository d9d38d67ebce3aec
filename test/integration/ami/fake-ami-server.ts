// A tiny stand-in for Asterisk's manager port, to drive the AMI supervisor through failures
// a real Asterisk will not produce on demand: silence (a half-open socket), a dropped socket,
// a refused login, an action that is never answered. It records every action it receives.
import { createServer, type Server, type Socket } from 'node:net';

export type AmiHeaders = Record<string, string>;

export interface FakeAmiServer {
  port: number;
  /** Every action received, in order (header names lower-cased). */
  actions: AmiHeaders[];
  /** How many TCP connections were accepted so far. */
  connections(): number;
  /** Stop answering anything (the socket stays open, like a half-open link). */
  setSilent(silent: boolean): void;
  /** Sends an event to every logged-in session. */
  emit(event: AmiHeaders): void;
  /** Closes every open session (the server keeps listening). */
  dropAll(): void;
  close(): Promise<void>;
}

export interface FakeAmiOptions {
  username: string;
  secret: string;
  /** Actions never answered (to test timeouts). */
  unanswered?: string[];
  /** Answers to list actions: their events, each ending the list with <Name>Complete. */
  lists?: Record<string, AmiHeaders[]>;
}

const format = (headers: AmiHeaders): string =>
  Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('') + '\r\n';

export async function startFakeAmiServer(o: FakeAmiOptions): Promise<FakeAmiServer> {
  const actions: AmiHeaders[] = [];
  const sockets = new Set<Socket>();
  const loggedIn = new Set<Socket>();
  let accepted = 0;
  let silent = false;

  function answer(socket: Socket, a: AmiHeaders): void {
    const name = (a.action ?? '').toLowerCase();
    const id = a.actionid ?? '';
    if (silent || o.unanswered?.map((n) => n.toLowerCase()).includes(name)) return;
    if (name === 'login') {
      if (a.username === o.username && a.secret === o.secret) {
        loggedIn.add(socket);
        socket.write(format({ Response: 'Success', ActionID: id, Message: 'Authentication accepted' }));
      } else {
        socket.write(format({ Response: 'Error', ActionID: id, Message: 'Authentication failed' }));
      }
      return;
    }
    if (!loggedIn.has(socket)) {
      socket.write(format({ Response: 'Error', ActionID: id, Message: 'Permission denied' }));
      return;
    }
    if (name === 'ping') {
      socket.write(format({ Response: 'Success', ActionID: id, Ping: 'Pong', Timestamp: String(Date.now() / 1000) }));
      return;
    }
    const list = Object.entries(o.lists ?? {}).find(([action]) => action.toLowerCase() === name)?.[1];
    if (!list) {
      socket.write(format({ Response: 'Success', ActionID: id }));
      return;
    }
    socket.write(format({ Response: 'Success', ActionID: id, EventList: 'start', Message: 'A listing follows' }));
    const itemEvent = list[0]?.Event ?? 'Item';
    for (const item of list) socket.write(format({ ...item, ActionID: id }));
    socket.write(format({ Event: `${itemEvent}Complete`, ActionID: id, EventList: 'Complete', ListItems: String(list.length) }));
  }

  const server: Server = createServer((socket) => {
    accepted += 1;
    sockets.add(socket);
    socket.on('close', () => {
      sockets.delete(socket);
      loggedIn.delete(socket);
    });
    socket.on('error', () => undefined);
    socket.write('Asterisk Call Manager/9.0.0\r\n');
    let buffer = '';
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      let end: number;
      while ((end = buffer.indexOf('\r\n\r\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 4);
        const headers: AmiHeaders = {};
        for (const line of block.split('\r\n')) {
          const i = line.indexOf(': ');
          if (i > 0) headers[line.slice(0, i).toLowerCase()] = line.slice(i + 2);
        }
        actions.push(headers);
        answer(socket, headers);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;

  return {
    port,
    actions,
    connections: () => accepted,
    setSilent(value) {
      silent = value;
    },
    emit(event) {
      for (const socket of loggedIn) socket.write(format(event));
    },
    dropAll() {
      for (const socket of sockets) socket.destroy();
    },
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
