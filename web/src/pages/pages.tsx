// The pages after the login. The role home lists the pages the role may open; /agent,
// /supervisor and /wallboard are shells for now (the desktop and the console come next).
import type { MessageKey } from '../i18n';
import type { T } from './session-page';

const pageKey = (path: string) => `page.${path}` as MessageKey;

export function HomePage({ t, pages }: { t: T; pages: string[] }) {
  return (
    <section data-testid="home">
      <h2>{t(pageKey('/'))}</h2>
      <h3>{t('yourPages')}</h3>
      {pages.length === 0 ? (
        <p>{t('noPages')}</p>
      ) : (
        <ul class="pages">
          {pages.map((path) => (
            <li key={path}>
              <a href={path}>{t(pageKey(path))}</a>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function ShellPage({ t, path }: { t: T; path: string }) {
  return (
    <section data-testid="shell">
      <h2>{t(pageKey(path))}</h2>
      <p class="notice">{t('shellNote')}</p>
    </section>
  );
}

export function ForbiddenPage({ t }: { t: T }) {
  return (
    <section data-testid="forbidden">
      <h2>{t('forbiddenTitle')}</h2>
      <p>{t('forbiddenText')}</p>
      <a href="/">{t('backHome')}</a>
    </section>
  );
}

export function NotFoundPage({ t }: { t: T }) {
  return (
    <section data-testid="not-found">
      <h2>{t('notFoundTitle')}</h2>
      <a href="/">{t('backHome')}</a>
    </section>
  );
}
