// The supervisor page (shell until it is built).
import type { PageProps } from '../page-props';
import { ShellPage } from '../pages';

export function SupervisorPage({ t }: PageProps) {
  return <ShellPage t={t} path="/supervisor" />;
}
