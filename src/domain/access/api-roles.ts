// Who may use the HTTP API: every request carries a token, every token has one role.
//   agent       an agent's own console: its working state and the call in hand, nothing else
//   supervisor  班长: watches queues and agents, acts for an agent, requests callback surveys
//   auditor     审计: reads calls, incidents, the audit log and (only role) recordings
//   admin       系统管理员: agents, queues, tokens; not recordings or the audit log
//   department  承办单位: its own work orders only (sign, dispute, extend, progress, reply)
export const API_ROLES = ['agent', 'supervisor', 'auditor', 'admin', 'department'] as const;

export type ApiRole = (typeof API_ROLES)[number];

/** The token a request was authenticated with; handlers use it as the actor of what they do. */
export interface Principal {
  tokenId: string;
  name: string;
  role: ApiRole;
  /** The agent an agent token belongs to; null for the other roles. */
  agentId: string | null;
  /** The department a department token belongs to; null for the other roles. */
  departmentId: string | null;
  /** 'user' for a person logged in to the consoles (name: the username); absent or 'token' for an API token. */
  kind?: 'token' | 'user';
}

/** The actor of audit entries: `token:<name>`, or `user:<username>` for a person logged in to the consoles. */
export const actorOf = (principal: Principal): string => `${principal.kind === 'user' ? 'user' : 'token'}:${principal.name}`;
