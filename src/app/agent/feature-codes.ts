// Feature codes dialled from an agent's softphone (*21 ready, *22 not ready, *29 log out): the
// dialplan hands the call to the app with the code; the app changes the agent's state and sends
// the call to [hotline-feature-result] to tell the agent what happened.
import type { CallControl } from '../../ports/call/call-control.js';
import type { Logger } from '../../ports/logger.js';
import type { AgentSessions } from './agent-sessions.js';

export type FeatureCode = 'ready' | 'not_ready' | 'logout';
const RESULT_CONTEXT = 'hotline-feature-result';

export function isFeatureCode(value: string | undefined): value is FeatureCode {
  return value === 'ready' || value === 'not_ready' || value === 'logout';
}

export function createFeatureCodes(deps: { sessions: AgentSessions; control: CallControl; logger: Logger }) {
  const log = deps.logger.child({ component: 'feature-codes' });
  return async function handle(channelId: string, extension: string, code: FeatureCode): Promise<void> {
    let result: FeatureCode | 'failed' = 'failed';
    const agentId = await deps.sessions.byExtension(extension);
    if (agentId) {
      try {
        if (code === 'ready') {
          const state = await deps.sessions.state(agentId);
          if (state.status === 'offline') await deps.sessions.login(agentId, true);
          else await deps.sessions.setReady(agentId);
        } else if (code === 'not_ready') {
          await deps.sessions.setNotReady(agentId, 'break');
        } else {
          await deps.sessions.logout(agentId);
        }
        result = code;
      } catch (err) {
        log.info({ agentId, code, err: (err as Error).message }, 'feature code refused');
      }
    } else {
      log.info({ extension, code }, 'feature code from a phone that belongs to no agent');
    }
    await deps.control.continueInDialplan(channelId, { context: RESULT_CONTEXT, extension: result, priority: 1 });
  };
}
