import { test as setup } from '@playwright/test';
import { E2E_ADMIN } from './env';
import { signIn } from './fixtures/sign-in';

// Signs the seeded administrator in once; the portal specs reuse the saved session.
setup('sign in as the first administrator', async ({ page }) => {
  await signIn(page, E2E_ADMIN);
  await page.context().storageState({ path: 'test-results/.auth/admin.json' });
});
