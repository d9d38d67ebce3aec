// 知识库 on the agent desktop (placeholder until it is built).
import type { Lang } from '../../i18n';
import type { SessionInfo } from '../../api';

export function KnowledgePanel(_props: { lang: Lang; session: SessionInfo }) {
  return null;
}
