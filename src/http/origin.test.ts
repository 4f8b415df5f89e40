import { describe, expect, it } from 'vitest';
import { createTestApp, signUp } from '../testing/harness.js';

describe('behind a reverse proxy (TRUST_PROXY)', () => {
  it('builds invite links from the forwarded scheme and host', async () => {
    const { app } = await createTestApp({ trustProxy: true });
    const { client } = await signUp(app);
    const proxied = { 'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': 'crm.example.com', Origin: 'https://crm.example.com' };
    const created = await client.post('/settings/team/invites', {}, { headers: proxied });
    expect(created.status).toBe(303);
    const page = await (await client.get('/settings/team')).text();
    expect(page).toMatch(/https:\/\/crm\.example\.com\/register\?invite=[a-z2-7]+/);
  });

  it('ignores forwarded headers when the proxy is not trusted', async () => {
    const { app } = await createTestApp({ trustProxy: false });
    const { client } = await signUp(app);
    const forged = { 'X-Forwarded-Host': 'evil.example', Origin: 'https://evil.example' };
    const refused = await client.post('/settings/team/invites', {}, { headers: forged });
    expect(refused.status).toBe(403);
  });
});
