// The wallboard page (shell until it is built).
import type { PageProps } from '../page-props';
import { ShellPage } from '../pages';

export function WallboardPage({ t }: PageProps) {
  return <ShellPage t={t} path="/wallboard" />;
}
