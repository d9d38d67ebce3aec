// What every page after the login gets: the common words, the language and the session.
import type { SessionInfo } from '../api';
import type { Lang } from '../i18n';
import type { T } from './session-page';

export interface PageProps {
  t: T;
  lang: Lang;
  session: SessionInfo;
}
