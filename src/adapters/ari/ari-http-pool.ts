// ari-client's REST calls go through swagger-client's HTTP layer, which uses Node's global HTTP
// agent (keep-alive, but no limit on sockets). A burst of calls then opens one connection per
// request in flight, and Asterisk refuses every HTTP session past http.conf's `sessionlimit`
// (100): "HTTP session count exceeded", and the call whose request was refused fails. Bounding
// the global agent makes requests wait their turn in the app instead, on connections kept open
// and reused (each new session costs Asterisk a thread). The ARI websocket is not pooled (ws
// opens its own connection), so it never waits behind REST calls. The bound is process-wide and
// per host: any other request through node:http to one host (none today) shares the same limit.
import http from 'node:http';

/** At most `connections` sockets to one host (Asterisk's HTTP), kept alive and reused. */
export function boundAriHttpConnections(connections: number): void {
  const agent = http.globalAgent as http.Agent & { keepAlive?: boolean };
  agent.maxSockets = connections;
  agent.maxFreeSockets = connections;
  agent.keepAlive = true;
}
