// The pages after the login that every role shares: the role home (the pages the role may open),
// the 403 page and the 404 page. The desk, console, wallboard and admin pages have their folders.
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
