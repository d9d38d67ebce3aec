// The consoles' entry: the server's page shell names the page (data-page, from its own table,
// never from the request) and this renders it with Preact, which sets text, never HTML.
import { render } from 'preact';
import { useState } from 'preact/hooks';
import './console.css';
import { saveLang, savedLang, translate, type Lang, type MessageKey } from './i18n';
import { LoginPage } from './pages/login-page';
import { AgentPage } from './pages/agent/agent-page';
import { KnowledgeAdminPage } from './pages/knowledge/knowledge-admin-page';
import { ForbiddenPage, HomePage, NotFoundPage } from './pages/pages';
import { SessionPage } from './pages/session-page';
import { SupervisorPage } from './pages/supervisor/supervisor-page';
import { WallboardPage } from './pages/wallboard/wallboard-page';

const PAGES = { agent: AgentPage, supervisor: SupervisorPage, wallboard: WallboardPage, knowledge: KnowledgeAdminPage } as const;

function App({ page }: { page: string }) {
  const [lang, setLang] = useState<Lang>(savedLang());
  const t = (key: MessageKey, values?: Record<string, string | number>) => translate(lang, key, values);
  const onLang = (next: Lang) => {
    saveLang(next);
    setLang(next);
  };
  document.title = t('title');
  if (page === 'login') return <LoginPage t={t} lang={lang} onLang={onLang} />;
  return (
    <SessionPage t={t} lang={lang} onLang={onLang}>
      {(session) => {
        if (page === 'home') return <HomePage t={t} pages={session.pages} />;
        if (page === 'forbidden') return <ForbiddenPage t={t} />;
        const Page = PAGES[page as keyof typeof PAGES];
        return Page ? <Page t={t} lang={lang} session={session} /> : <NotFoundPage t={t} />;
      }}
    </SessionPage>
  );
}

const root = document.getElementById('app');
if (root) {
  saveLang(savedLang());
  render(<App page={root.dataset.page ?? 'not-found'} />, root);
}
