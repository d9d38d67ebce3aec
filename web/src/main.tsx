// The consoles' entry: the server's page shell names the page (data-page, from its own table,
// never from the request) and this renders it with Preact, which sets text, never HTML.
import { render } from 'preact';
import { useState } from 'preact/hooks';
import './console.css';
import { saveLang, savedLang, translate, type Lang, type MessageKey } from './i18n';
import { LoginPage } from './pages/login-page';
import { ForbiddenPage, HomePage, NotFoundPage, ShellPage } from './pages/pages';
import { SessionPage } from './pages/session-page';

const PATHS: Record<string, string> = { home: '/', agent: '/agent', supervisor: '/supervisor', wallboard: '/wallboard' };

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
        const path = PATHS[page];
        return path ? <ShellPage t={t} path={path} /> : <NotFoundPage t={t} />;
      }}
    </SessionPage>
  );
}

const root = document.getElementById('app');
if (root) {
  saveLang(savedLang());
  render(<App page={root.dataset.page ?? 'not-found'} />, root);
}
