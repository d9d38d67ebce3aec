// The webhook sender posts only to http and https URLs without credentials.
import { describe, expect, it } from 'vitest';
import { checkWebhookUrl } from '../../../src/adapters/webhook/fetch-webhook-sender.js';

describe('checkWebhookUrl', () => {
  it.each(['https://dept.example.gov.cn/hooks/12345', 'http://127.0.0.1:8099/hook', 'HTTPS://Example.org/x?y=1'])('sends to %s', (url) => {
    expect(checkWebhookUrl(url).ok).toBe(true);
  });

  it.each([
    ['ftp://dept.example/hook', /only http and https/],
    ['file:///etc/passwd', /only http and https/],
    ['javascript:alert(1)', /only http and https/],
    ['gopher://127.0.0.1:6379/_FLUSHALL', /only http and https/],
    ['dept.example/hook', /not a valid URL/],
    ['', /not a valid URL/],
    ['https://user:pw@dept.example/hook', /credentials/],
  ])('refuses %s', (url, reason) => {
    const checked = checkWebhookUrl(url);
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.error).toMatch(reason);
  });
});
