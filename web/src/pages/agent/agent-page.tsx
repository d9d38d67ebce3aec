// 座席工作台 (/agent): the caller-can-hear indicator always in sight, the state bar, the call in
// hand with its pop and buttons, then the caller's history, the work-order form, the knowledge
// base and today's calls. The state and the call come from the server (use-agent-desk.ts).
import { translator } from '../../i18n';
import type { PageProps } from '../page-props';
import './agent-page.css';
import { errorWords } from './agent-desk-rules';
import { callIdOf } from './agent-desk-types';
import { AGENT_WORDS } from './agent-words';
import { CallPanel } from './call-panel';
import { CallerHistory } from './caller-history';
import { HearIndicator } from './hear-indicator';
import { KnowledgePanel } from './knowledge-panel';
import { StateBar } from './state-bar';
import { TodayCalls } from './today-calls';
import { useAgentDesk } from './use-agent-desk';
import { WorkOrderForm } from './work-order-form';

export function AgentPage({ t, lang, session }: PageProps) {
  const w = translator(AGENT_WORDS, lang);
  const desk = useAgentDesk(session);
  const { state } = desk;
  const callId = callIdOf(state);
  const number = desk.offer?.callerNumber ?? null;
  const refusal = desk.error ? errorWords(desk.error) : null;
  return (
    <section class="agent-desk" data-testid="agent-desktop">
      <h2 class="agent-title">{t('page./agent')}</h2>
      {state && state.status !== 'offline' ? <HearIndicator w={w} audio={desk.audio} status={state.status} /> : null}
      <StateBar
        w={w}
        state={state}
        live={desk.live}
        busy={desk.busy}
        onSignIn={desk.signIn}
        onSignOut={desk.signOut}
        onReady={desk.setReady}
        onNotReady={desk.setNotReady}
      />
      {refusal ? <p class="error" role="alert" data-testid="agent-error">{w(refusal.word, refusal.values)}</p> : null}
      <div class="agent-grid">
        <div class="agent-main">
          {state && callId ? (
            <CallPanel
              w={w}
              state={state}
              offer={desk.offer}
              audio={desk.audio}
              busy={desk.busy}
              emergency={desk.emergency}
              onHold={desk.hold}
              onEndService={desk.endService}
              onHangup={desk.hangup}
              onHandOver={desk.handOver}
            />
          ) : null}
          {/* the popped call is the one in hand even before the agent's state names it: never an earlier call */}
          <CallerHistory lang={lang} number={number} currentCallId={desk.offer?.callId ?? callId} />
          <WorkOrderForm lang={lang} session={session} call={callId ? { callId, callerNumber: number } : null} />
        </div>
        <aside class="agent-side">
          <KnowledgePanel lang={lang} session={session} />
          <TodayCalls lang={lang} agentId={session.user.agentId ?? ''} refreshKey={desk.callsEnded} />
        </aside>
      </div>
    </section>
  );
}
