import type { Lang } from '../i18n';

export function LangSwitch({ lang, onChange }: { lang: Lang; onChange: (lang: Lang) => void }) {
  return (
    <div class="lang-switch" data-testid="lang-switch">
      <button type="button" class={lang === 'zh' ? 'active' : ''} onClick={() => onChange('zh')}>中文</button>
      <button type="button" class={lang === 'en' ? 'active' : ''} onClick={() => onChange('en')}>English</button>
    </div>
  );
}
