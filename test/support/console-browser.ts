// Debian's chromium driven by playwright-core for the consoles' browser tests: headless, no
// sandbox as root, nothing in the background (no networking, updates, sync, QUIC, GPU), a fresh
// user-data-dir per launch (removed on close). Never `playwright install`: nothing is downloaded.
// Screenshots go to test-results/console/ (kept by CI as artifacts; gitignored).
import { mkdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { REPO_DIR } from './stack-env.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOT_DIR = join(REPO_DIR, 'test-results', 'console');

const FLAGS = ['--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface ConsoleBrowser {
  /** A new browser profile of its own (cookies, storage): one person. */
  person(): Promise<{ page: Page; context: BrowserContext; close(): Promise<void> }>;
  close(): Promise<void>;
}

/** One chromium per test file; each person() is a fresh profile (its own user-data-dir). */
export async function launchConsoleBrowser(): Promise<ConsoleBrowser> {
  const asRoot = process.getuid?.() === 0;
  const profiles: string[] = [];
  const contexts: BrowserContext[] = [];
  return {
    async person() {
      const dir = await mkdtemp(join(tmpdir(), 'hotline-chromium-'));
      profiles.push(dir);
      const context = await chromium.launchPersistentContext(dir, {
        executablePath: CHROMIUM,
        headless: true,
        chromiumSandbox: !asRoot,
        args: [...FLAGS, ...(asRoot ? ['--no-sandbox'] : [])],
        locale: 'zh-CN',
        viewport: { width: 1200, height: 800 },
      });
      contexts.push(context);
      const page = context.pages()[0] ?? (await context.newPage());
      return { page, context, close: () => context.close() };
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => undefined);
      for (const d of profiles) await rm(d, { recursive: true, force: true });
    },
  };
}

/** Saves a full-page screenshot as test-results/console/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}
