// The agent page (shell until it is built).
import type { PageProps } from '../page-props';
import { ShellPage } from '../pages';

export function AgentPage({ t }: PageProps) {
  return <ShellPage t={t} path="/agent" />;
}
