// 登录: username and password; errors in the person's language (用户名或密码错误, 账号已锁定, 尝试过于频繁…).
import { useState } from 'preact/hooks';
import { login } from '../api';
import type { Lang, MessageKey } from '../i18n';
import { LangSwitch } from './lang-switch';

type T = (key: MessageKey, values?: Record<string, string | number>) => string;

export function LoginPage({ t, lang, onLang }: { t: T; lang: Lang; onLang: (lang: Lang) => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const expired = new URLSearchParams(location.search).has('expired');

  async function submit(event: Event) {
    event.preventDefault();
    if (!username.trim() || !password) {
      setError(t('missing'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const answer = await login(username.trim(), password);
      if (answer.status === 200) {
        location.assign('/');
        return;
      }
      const code = answer.error?.code;
      if (code === 'invalid-credentials') setError(t('badCredentials'));
      else if (code === 'locked') setError(t('locked', { minutes: Math.max(1, Math.ceil((answer.error?.details?.retryAfterSeconds ?? 60) / 60)) }));
      else if (code === 'account-disabled') setError(t('disabled'));
      else if (code === 'busy') setError(t('busy'));
      else if (code === 'too-many-attempts') setError(t('tooManyAttempts'));
      else if (answer.status === 400) setError(t('missing'));
      else setError(t('failed'));
      setPassword('');
    } catch {
      setError(t('failed'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main class="login">
      <LangSwitch lang={lang} onChange={onLang} />
      <h1>{t('title')}</h1>
      {expired && !error ? <p class="notice" data-testid="login-notice">{t('expired')}</p> : null}
      <form onSubmit={submit} data-testid="login-form">
        <label>
          {t('username')}
          <input name="username" autocomplete="username" value={username} onInput={(e) => setUsername(e.currentTarget.value)} />
        </label>
        <label>
          {t('password')}
          <input name="password" type="password" autocomplete="current-password" value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
        </label>
        {error ? <p class="error" role="alert" data-testid="login-error">{error}</p> : null}
        <button type="submit" disabled={busy}>{busy ? t('loggingIn') : t('login')}</button>
      </form>
    </main>
  );
}
