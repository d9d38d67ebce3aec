// People of the consoles' browser tests: a person logs in on /login with the form, as a person
// would (用户名, 密码, 登录), and lands on the role home.
import type { Page } from 'playwright-core';

export interface ConsolePerson {
  username: string;
  password: string;
}

/** Fills the login form and submits it; `landed` also waits for the role home. */
export async function logInOnPage(page: Page, baseUrl: string, who: ConsolePerson, o: { landed?: boolean } = {}): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('用户名').fill(who.username);
  await page.getByLabel('密码').fill(who.password);
  await page.getByRole('button', { name: '登录' }).click();
  if (o.landed) await page.waitForURL(`${baseUrl}/`);
}
