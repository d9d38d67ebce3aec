import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PROGRESS_PROMPTS, progressStatusPrompt } from '../../../src/domain/progress-line/progress-prompts.js';
import { STATUS_LABELS, WORK_ORDER_STATUSES } from '../../../src/domain/work-order/work-order-types.js';

const root = new URL('../../../', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('sounds/manifest.json', root), 'utf8')) as Array<{ id: string; zh: string; en: string }>;
const entry = (media: string) => manifest.find((e) => `sound:hotline/${e.id}` === media);

describe('the progress line prompts', () => {
  it('every prompt it plays is in the manifest with a zh and an en file', () => {
    const media = [...Object.values(PROGRESS_PROMPTS), ...WORK_ORDER_STATUSES.map(progressStatusPrompt)];
    for (const m of media) {
      const e = entry(m);
      expect(e, m).toBeDefined();
      for (const lang of ['zh', 'en']) expect(existsSync(new URL(`sounds/${lang}/${e!.id}.wav`, root)), `${lang}/${e!.id}.wav`).toBe(true);
    }
  });

  it('each status prompt says the status label the rest of the hotline shows', () => {
    for (const status of WORK_ORDER_STATUSES) expect(entry(progressStatusPrompt(status))?.zh).toBe(STATUS_LABELS[status]);
  });

  it('the intro tells emergency callers to hang up and dial 110, 119, 120', () => {
    expect(entry(PROGRESS_PROMPTS.intro)?.zh).toMatch(/紧急.*挂机.*110.*119.*120/);
  });
});
