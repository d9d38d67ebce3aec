// Every page after the login: who is logged in (name, username, role), the language switch and
// 退出登录, then the page itself. A session that has ended sends the person back to /login.
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { currentSession, logout, type SessionInfo } from '../api';
import type { Lang, MessageKey } from '../i18n';
import { LangSwitch } from './lang-switch';

export type T = (key: MessageKey, values?: Record<string, string | number>) => string;

export function SessionPage(props: { t: T; lang: Lang; onLang: (lang: Lang) => void; children: (session: SessionInfo) => ComponentChildren }) {
  const { t } = props;
  const [session, setSession] = useState<SessionInfo | null>(null);

  useEffect(() => {
    void currentSession().then((answer) => {
      if (answer.body) setSession(answer.body);
      else location.assign('/login?expired=1');
    });
  }, []);

  async function leave() {
    if (session) await logout(session.csrfToken);
    location.assign('/login');
  }

  if (!session) return <p class="loading">{t('loading')}</p>;
  const { user } = session;
  return (
    <div class="console">
      <header>
        <a class="brand" href="/">{t('title')}</a>
        <span class="who" data-testid="who">
          {t('loggedInAs')}: <strong>{user.name}</strong> ({user.username}) · {t('roleLabel')}: <span data-testid="role">{t(`role.${user.role}`)}</span>
        </span>
        <LangSwitch lang={props.lang} onChange={props.onLang} />
        <button type="button" class="logout" data-testid="logout" onClick={() => void leave()}>{t('logout')}</button>
      </header>
      <main>{props.children(session)}</main>
    </div>
  );
}
