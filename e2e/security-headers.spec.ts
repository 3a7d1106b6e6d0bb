import { expect, test, type Page } from '@playwright/test';
import { E2E_ADMIN } from './env';
import { signIn } from './fixtures/sign-in';

// Security headers on pages and the API, and a policy strict enough to matter that still lets the portal run:
// a CSP violation would show up as a console error and a securitypolicyviolation event, and, for scripts, as a
// page that never hydrates (the wizard's Next button would do nothing).

// Signs in itself, so the sign-in page is checked too.
test.use({ storageState: { cookies: [], origins: [] } });

function expectStaticHeaders(headers: Record<string, string>) {
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
  expect(headers['x-frame-options']).toBe('DENY');
  expect(headers['permissions-policy']).toContain('camera=()');
}

function directives(policy: string | undefined): Map<string, string[]> {
  expect(policy, 'Content-Security-Policy').toBeTruthy();
  return new Map(
    policy!.split(';').map((part) => part.trim().split(/\s+/)).filter((tokens) => tokens[0]).map(([name, ...values]) => [name, values]),
  );
}

function watchCsp(page: Page): string[] {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Content-Security-Policy/i.test(message.text())) {
      violations.push(`console: ${message.text()}`);
    }
  });
  page.on('pageerror', (error) => {
    if (/Content Security Policy|unsafe-eval/i.test(error.message)) violations.push(`pageerror: ${error.message}`);
  });
  return violations;
}

test('pages carry the security headers and a nonce-based policy without unsafe-eval, fresh per request', async ({ page }) => {
  const first = await page.goto('/sign-in');
  const headers = first!.headers();
  expectStaticHeaders(headers);
  const policy = directives(headers['content-security-policy']);
  const scripts = policy.get('script-src')!;
  expect(scripts).toContain("'self'");
  expect(scripts.join(' ')).toMatch(/'nonce-[A-Za-z0-9+/=]{16,}'/);
  expect(scripts).not.toContain("'unsafe-eval'");
  expect(scripts).not.toContain("'unsafe-inline'");
  expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
  expect(policy.get('object-src')).toEqual(["'none'"]);
  expect(policy.get('base-uri')).toEqual(["'self'"]);
  expect(policy.get('form-action')).toEqual(["'self'"]);

  // The nonce on Next's inline scripts is the one in this response's header, and changes per request.
  const nonce = /'nonce-([^']+)'/.exec(scripts.join(' '))![1];
  expect(await page.locator(`script[nonce]`).count()).toBeGreaterThan(0);
  const again = (await page.request.get('/sign-in')).headers()['content-security-policy'];
  expect(again).not.toContain(nonce);

  // A browser without a session is still sent to sign in, with the headers on the redirect as well.
  const redirect = await page.request.get('/settings/email-notifications/incidents', { maxRedirects: 0 });
  expect(redirect.status()).toBe(307);
  expect(redirect.headers()['location']).toMatch(/\/sign-in\?callbackUrl=%2Fsettings%2Femail-notifications%2Fincidents$/);
  expectStaticHeaders(redirect.headers());
  expect(redirect.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
});

test('the API carries the security headers and a policy that lets nothing run', async ({ request }) => {
  for (const response of [
    await request.get('/api/incidents/openapi.json'),
    await request.post('/api/incidents', { data: {} }),
  ]) {
    const headers = response.headers();
    expectStaticHeaders(headers);
    const policy = directives(headers['content-security-policy']);
    expect(policy.get('default-src')).toEqual(["'none'"]);
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
  }
});

test('signing in and opening the rule wizard logs no CSP violation, and the wizard works', async ({ page }) => {
  const violations = watchCsp(page);
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __cspViolations: string[] }).__cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (event) =>
      seen.push(`${event.violatedDirective} ${event.blockedURI} ${JSON.stringify(event.sample)} ${event.sourceFile}:${event.lineNumber}`),
    );
  });

  await signIn(page, E2E_ADMIN);
  await page.getByRole('button', { name: 'Add incident notification rule' }).click();
  await expect(page).toHaveURL(/\/incidents\/new$/);
  const main = page.getByRole('main');
  // Client-side validation proves the page hydrated under the policy.
  await main.getByRole('button', { name: 'Next' }).click();
  await expect(main.getByText('Enter a rule name.')).toBeVisible();
  await main.getByLabel('Rule name').fill('CSP check');
  await main.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByRole('navigation', { name: 'Steps' }).locator('[aria-current="step"]')).toHaveText('Notification settings');

  // A fresh load of the wizard, not only client navigation.
  await page.reload();
  await expect(main.getByLabel('Rule name')).toBeVisible();

  const reported = await page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations);
  // None at all: zod's eval probe is switched off (components/providers.tsx), so any report is a real violation.
  expect([...violations, ...reported]).toEqual([]);
});
