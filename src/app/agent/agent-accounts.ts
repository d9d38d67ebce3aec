// Agent accounts (坐席账号): the record in the directory and the softphone account in Asterisk
// kept in step. A change that Asterisk does not take is undone in the records, so no request
// half-writes: the caller gets AgentProvisioningError (or AgentConflictError when the
// extension is one of Asterisk's own static accounts) and everything is as before.
// Changes run one at a time in this process, re-applying included, so a rotation can never
// be overwritten by a re-apply that read the old password.
// Only the SIP digest credential is kept (domain/agent/sip-credential.ts); a new password is
// shown once: on creation, rotation, and a new extension (the credential hashes the extension).
import { sipMd5Credential } from '../../domain/agent/sip-credential.js';
import {
  AgentConflictError, type AgentDirectory, type AgentRecord, type NewAgent,
} from '../../ports/agent/agent-directory.js';
import type { AuditLog } from '../../ports/audit/audit-log.js';
import type { DevicePresence } from '../../ports/agent/device-presence.js';
import type { Logger } from '../../ports/logger.js';
import type { SipProvisioning } from '../../ports/agent/sip-provisioning.js';
import { AgentLoggedInError } from './agent-logged-in-error.js';
import { AgentProvisioningError } from './agent-provisioning-error.js';
import type { AgentSessions } from './agent-sessions.js';
import type { ApiTokens } from '../access/api-tokens.js';

export interface AgentAccountsDeps {
  agents: AgentDirectory;
  provisioning: SipProvisioning;
  /** A new SIP password (generateSipPassword). */
  generateSecret: () => string;
  logger?: Logger;
  /** Every change is appended here as `agent_change` (never the password). */
  audit?: AuditLog;
  now?: () => Date;
  /** The agents' live side: a logged-in agent is not deleted; a deleted one is forgotten. */
  live?: Pick<AgentSessions, 'state' | 'forget'>;
  /** A deleted agent's API tokens are revoked with it. */
  tokens?: Pick<ApiTokens, 'revokeAgentTokens'>;
  /** Softphone presence: an extension taken out of Asterisk is forgotten (Asterisk does not say so). */
  presence?: Pick<DevicePresence, 'forget'> | null;
}

export type AgentPatch = Partial<Omit<NewAgent, 'agentId'>>;

/** The SIP password is shown once: here, after creation and after rotation. */
export interface AgentWithSecret {
  agent: AgentRecord;
  sipPassword: string;
}

/** An agent after a change. A new extension comes with a new SIP password, shown once. */
export interface UpdatedAgent {
  agent: AgentRecord;
  sipPassword?: string;
}

export interface ReapplyResult {
  applied: number;
  failed: Array<{ extension: string; error: string }>;
}

/**
 * The changes take who made them (`actor`, e.g. `token:<name>`; default 'system') for the
 * audit log.
 */
export interface AgentAccounts {
  list(): Promise<AgentRecord[]>;
  get(agentId: string): Promise<AgentRecord | null>;
  /** Throws AgentConflictError (id or extension taken) or AgentProvisioningError. */
  create(input: NewAgent, actor?: string): Promise<AgentWithSecret>;
  /** null for an unknown agent. A new extension moves the softphone account to it, with a new password. */
  update(agentId: string, patch: AgentPatch, actor?: string): Promise<UpdatedAgent | null>;
  /**
   * Takes the softphone account out of Asterisk, then deletes the record, the agent's live state
   * and its API tokens. false if unknown; AgentLoggedInError (nothing changed) while logged in.
   */
  remove(agentId: string, actor?: string): Promise<boolean>;
  /** null for an unknown agent. The old password stops working at once. */
  rotateSipPassword(agentId: string, actor?: string): Promise<AgentWithSecret | null>;
  /** Pushes every agent's account again: after every ARI (re)connect. Never throws for one agent. */
  reapplyAll(): Promise<ReapplyResult>;
}

/** Stable code of the provisioning adapter's error for an id defined in pjsip.conf. */
const STATIC_ACCOUNT = 'sip-account-static';
/** Stable code of the provisioning adapter's error when Asterisk does not answer. */
const UNREACHABLE = 'ari-unreachable';

const codeOf = (err: unknown): unknown => (err as { code?: unknown } | null)?.code;
const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));

export function createAgentAccounts(deps: AgentAccountsDeps): AgentAccounts {
  const { agents, provisioning, generateSecret } = deps;
  const log = deps.logger?.child({ component: 'agent-accounts' });

  let tail: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = tail.then(fn, fn);
    tail = run.catch(() => undefined);
    return run;
  };

  /** Undo steps after a failed change; each runs even if one before failed, and failures are logged. */
  async function undo(what: string, steps: Array<() => Promise<unknown>>): Promise<void> {
    for (const step of steps) {
      try {
        await step();
      } catch (err) {
        log?.error({ err: messageOf(err), what }, 'undoing a failed agent account change failed');
      }
    }
  }

  /** Appends the change to the audit log. The change is done: a failure here is logged, not thrown. */
  async function audited(actor: string, agentId: string, data: Record<string, unknown>): Promise<void> {
    if (!deps.audit) return;
    try {
      await deps.audit.append({ kind: 'agent_change', at: (deps.now ?? (() => new Date()))(), actor, subject: `agent:${agentId}`, data });
    } catch (err) {
      log?.error({ err: messageOf(err), agentId, change: data.action }, 'agent change done but not written to the audit log');
    }
  }

  /**
   * After a deletion: the agent's live state goes (a login racing the deletion waits for it, then
   * finds no agent), then its tokens. The deletion stands if this fails (logged); creating the
   * same id again clears what is left. Returns how many tokens were revoked.
   */
  async function forgetRemoved(agent: AgentRecord, actor: string): Promise<number> {
    const { agentId, extension, skills } = agent;
    deps.presence?.forget(extension);
    await deps.live?.forget(agentId, skills).catch((err: unknown) =>
      log?.error({ err: messageOf(err), agentId }, 'agent deleted but its live state could not be cleared'));
    return (await deps.tokens?.revokeAgentTokens(actor, agentId).catch((err: unknown) => {
      log?.error({ err: messageOf(err), agentId }, 'agent deleted but its API tokens could not all be revoked');
      return [];
    }))?.length ?? 0;
  }

  function failure(err: unknown, extension: string): Error {
    if (codeOf(err) === STATIC_ACCOUNT) {
      return new AgentConflictError(`Extension ${extension} is taken by an account in Asterisk's own configuration (pjsip.conf)`);
    }
    return new AgentProvisioningError(`The softphone account ${extension} could not be applied in Asterisk: ${messageOf(err)}`, { cause: err });
  }

  async function credentialOf(extension: string): Promise<string> {
    const credential = (await agents.sipCredentials()).find((s) => s.extension === extension);
    if (!credential) throw new Error(`No SIP credential stored for extension ${extension}`);
    return credential.md5Cred;
  }

  return {
    list: () => agents.list(),
    get: (agentId) => agents.get(agentId),

    create: (input, actor = 'system') =>
      serial(async () => {
        const password = generateSecret();
        const md5Cred = sipMd5Credential(input.extension, password);
        const agent = await agents.create(input, md5Cred);
        // the id was free (else AgentConflictError above): whatever an earlier agent of this id
        // left (a deletion whose clean-up failed) goes, so the new one starts offline, with no token
        try {
          await deps.live?.forget(agent.agentId, agent.skills);
          await deps.tokens?.revokeAgentTokens(actor, agent.agentId);
        } catch (err) {
          await undo(`create ${agent.agentId}`, [() => agents.remove(agent.agentId)]);
          throw err;
        }
        try {
          await provisioning.applyAgentEndpoint({ extension: agent.extension, md5Cred });
        } catch (err) {
          const steps: Array<() => Promise<unknown>> = [() => agents.remove(agent.agentId)];
          // Take out what was pushed before the failure, never a static account.
          if (codeOf(err) !== STATIC_ACCOUNT) steps.push(() => provisioning.removeAgentEndpoint(agent.extension));
          await undo(`create ${agent.agentId}`, steps);
          throw failure(err, agent.extension);
        }
        log?.info({ agentId: agent.agentId, extension: agent.extension }, 'agent account created');
        await audited(actor, agent.agentId, {
          action: 'created', name: agent.name, extension: agent.extension, skills: agent.skills, languages: agent.languages, group: agent.group,
        });
        return { agent, sipPassword: password };
      }),

    update: (agentId, patch, actor = 'system') =>
      serial(async () => {
        const before = await agents.get(agentId);
        if (!before) return null;
        const moving = patch.extension !== undefined && patch.extension !== before.extension;
        // the credential hashes the extension: a new one needs a new password
        const oldCred = moving ? await credentialOf(before.extension) : undefined;
        const password = moving ? generateSecret() : undefined;
        const md5Cred = password === undefined ? undefined : sipMd5Credential(patch.extension!, password);
        const after = await agents.update(agentId, patch, md5Cred);
        const record = () => audited(actor, agentId, { action: 'updated', before: restoring(before, patch), after: patch });
        if (!after) return null;
        if (md5Cred === undefined || password === undefined) {
          await record();
          return { agent: after };
        }
        try {
          await provisioning.applyAgentEndpoint({ extension: after.extension, md5Cred });
          await provisioning.removeAgentEndpoint(before.extension);
        } catch (err) {
          const steps: Array<() => Promise<unknown>> = [() => agents.update(agentId, restoring(before, patch), oldCred)];
          if (codeOf(err) !== STATIC_ACCOUNT) steps.push(() => provisioning.removeAgentEndpoint(after.extension));
          await undo(`update ${agentId}`, steps);
          throw failure(err, after.extension);
        }
        deps.presence?.forget(before.extension);
        log?.info({ agentId, extension: after.extension, was: before.extension }, 'agent extension changed, with a new SIP password');
        await record();
        return { agent: after, sipPassword: password };
      }),

    remove: (agentId, actor = 'system') =>
      serial(async () => {
        const agent = await agents.get(agentId);
        if (!agent) return false;
        const live = await deps.live?.state(agentId);
        if (live && live.status !== 'offline') throw new AgentLoggedInError(agentId, live.status);
        try {
          await provisioning.removeAgentEndpoint(agent.extension);
        } catch (err) {
          // A static account of the same name is not this agent's: nothing of ours to take out.
          if (codeOf(err) !== STATIC_ACCOUNT) throw failure(err, agent.extension);
        }
        const removed = await agents.remove(agentId);
        log?.info({ agentId, extension: agent.extension }, 'agent account removed');
        if (!removed) return false;
        const tokensRevoked = await forgetRemoved(agent, actor);
        await audited(actor, agentId, { action: 'removed', name: agent.name, extension: agent.extension, tokensRevoked });
        return true;
      }),

    rotateSipPassword: (agentId, actor = 'system') =>
      serial(async () => {
        const agent = await agents.get(agentId);
        if (!agent) return null;
        const old = await credentialOf(agent.extension);
        const password = generateSecret();
        const md5Cred = sipMd5Credential(agent.extension, password);
        // Records first: should the process stop between the two, the next re-apply pushes
        // the stored credential, so Asterisk and the records still agree.
        await agents.setSipCredential(agentId, md5Cred);
        try {
          await provisioning.applyAgentEndpoint({ extension: agent.extension, md5Cred });
        } catch (err) {
          await undo(`rotate ${agentId}`, [
            () => agents.setSipCredential(agentId, old),
            () => provisioning.applyAgentEndpoint({ extension: agent.extension, md5Cred: old }),
          ]);
          throw failure(err, agent.extension);
        }
        log?.info({ agentId, extension: agent.extension }, 'agent SIP password rotated');
        await audited(actor, agentId, { action: 'sip_password_rotated', extension: agent.extension });
        return { agent: (await agents.get(agentId)) ?? agent, sipPassword: password };
      }),

    reapplyAll: () =>
      serial(async () => {
        const secrets = await agents.sipCredentials();
        const result: ReapplyResult = { applied: 0, failed: [] };
        for (const [i, secret] of secrets.entries()) {
          try {
            await provisioning.applyAgentEndpoint(secret);
            result.applied += 1;
          } catch (err) {
            result.failed.push({ extension: secret.extension, error: messageOf(err) });
            if (codeOf(err) === UNREACHABLE) {
              // Asterisk is gone again: the next connect re-applies; do not wait out every timeout.
              for (const rest of secrets.slice(i + 1)) result.failed.push({ extension: rest.extension, error: 'not tried: ARI unreachable' });
              break;
            }
          }
        }
        const level = result.failed.length > 0 ? 'warn' : 'info';
        log?.[level]({ applied: result.applied, failed: result.failed.slice(0, 20) }, 'agent softphone accounts re-applied');
        return result;
      }),
  };
}

/** The patch that puts back what `patch` changed. */
function restoring(before: AgentRecord, patch: AgentPatch): AgentPatch {
  const back: AgentPatch = {};
  if (patch.name !== undefined) back.name = before.name;
  if (patch.extension !== undefined) back.extension = before.extension;
  if (patch.skills !== undefined) back.skills = before.skills;
  if (patch.languages !== undefined) back.languages = before.languages;
  if (patch.group !== undefined) back.group = before.group;
  return back;
}
