// Console users for admins: create one (an agent user names its agent account, a department
// user its department), list them, set a new password, disable one. A new password or a disabled
// user ends the user's sessions at once. Each change is in the audit log (kind role_change,
// subject user:<username>, never the password); a creation that cannot be audited is undone.
import { randomUUID } from 'node:crypto';
import { actorOf, type Principal } from '../../domain/access/api-roles.js';
import { normaliseUsername } from '../../domain/access/console-username.js';
import type { ConsoleUser, ConsoleUserStore, NewConsoleUser } from '../../ports/access/console-user-store.js';
import type { AgentDirectory } from '../../ports/agent/agent-directory.js';
import type { AuditLog } from '../../ports/audit/audit-log.js';
import type { DepartmentDirectory } from '../../ports/department/department-directory.js';
import type { Logger } from '../../ports/logger.js';
import { ConsoleUserInputError, ConsoleUserLinkNotFoundError } from './console-access-errors.js';
import type { ConsoleLogins } from './console-logins.js';
import type { PasswordHashing } from './password-hashing.js';

export interface ConsoleUsersDeps {
  store: ConsoleUserStore;
  passwords: PasswordHashing;
  logins: Pick<ConsoleLogins, 'endSessionsOf' | 'unlock'>;
  agents: Pick<AgentDirectory, 'get'>;
  departments?: Pick<DepartmentDirectory, 'department'>;
  audit?: AuditLog;
  now: () => Date;
  logger?: Logger;
  newId?: () => string;
}

export interface ConsoleUsers {
  /** Throws ConsoleUserInputError, ConsoleUserLinkNotFoundError or ConsoleUserConflictError. */
  create(actor: Principal, user: NewConsoleUser, password: string): Promise<ConsoleUser>;
  list(): Promise<ConsoleUser[]>;
  /** null for an unknown username. Ends the user's sessions and lifts a lockout. */
  setPassword(actor: Principal, username: string, password: string): Promise<ConsoleUser | null>;
  /** null for an unknown username. Ends the user's sessions. */
  disable(actor: Principal, username: string): Promise<ConsoleUser | null>;
}

export function createConsoleUsers(deps: ConsoleUsersDeps): ConsoleUsers {
  const { store, passwords, logins, audit, now } = deps;
  const newId = deps.newId ?? randomUUID;
  const log = deps.logger?.child({ component: 'console-users' });

  const audited = (by: Principal, user: ConsoleUser, action: string) =>
    audit?.append({
      kind: 'role_change',
      at: now(),
      actor: actorOf(by),
      subject: `user:${user.username}`,
      data: { action, role: user.role, ...(user.agentId ? { agentId: user.agentId } : {}), ...(user.departmentId ? { departmentId: user.departmentId } : {}) },
    });

  async function checkLinks(user: NewConsoleUser): Promise<void> {
    if (user.role === 'agent' && !user.agentId) throw new ConsoleUserInputError('agentId: an agent user must name the agent account it works as');
    if (user.role !== 'agent' && user.agentId) throw new ConsoleUserInputError(`agentId: only agent users name an agent (this one has role ${user.role})`);
    if (user.role === 'department' && !user.departmentId) throw new ConsoleUserInputError('departmentId: a department user must name its department');
    if (user.role !== 'department' && user.departmentId) throw new ConsoleUserInputError(`departmentId: only department users name a department (this one has role ${user.role})`);
    if (user.agentId && !(await deps.agents.get(user.agentId))) throw new ConsoleUserLinkNotFoundError(`No agent with id ${user.agentId}`);
    if (user.departmentId) {
      const department = await deps.departments?.department(user.departmentId);
      if (!department) throw new ConsoleUserLinkNotFoundError(`No department with id ${user.departmentId}`);
      if (!department.active) throw new ConsoleUserInputError(`departmentId: department "${user.departmentId}" is inactive`);
    }
  }

  return {
    async create(by, input, password) {
      const user = { ...input, username: normaliseUsername(input.username) };
      await checkLinks(user);
      const created = await store.create(newId(), user, await passwords.hash(password));
      try {
        await audited(by, created, 'create_user');
      } catch (err) {
        // a login nobody can find in the audit log must not exist
        await store.remove(created.id);
        throw err;
      }
      log?.info({ username: created.username, role: created.role, by: actorOf(by) }, 'console user created');
      return created;
    },

    list: () => store.list(),

    async setPassword(by, typed, password) {
      const username = normaliseUsername(typed);
      const user = await store.setPassword(username, await passwords.hash(password), now());
      if (!user) return null;
      await logins.endSessionsOf(user.id);
      await logins.unlock(username);
      await audited(by, user, 'set_password');
      return user;
    },

    async disable(by, typed) {
      const result = await store.disable(normaliseUsername(typed), now());
      if (!result) return null;
      await logins.endSessionsOf(result.user.id);
      if (result.disabledNow) {
        await audited(by, result.user, 'disable_user');
        log?.info({ username: result.user.username, by: actorOf(by) }, 'console user disabled');
      }
      return result.user;
    },
  };
}
