// Writes every email template in every language to .data/email-preview/ (HTML, plain text, subject), for a
// look without the React Email preview server: in a browser, in CI artifacts, or in a diff between commits.
// Run: npx tsx scripts/preview-emails.ts
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import IncidentNotification from '@/emails/incident-notification';
import { renderIncidentEmail, renderTestEmail } from '@/emails/render';
import TestNotification from '@/emails/test-notification';
import type { RenderedEmail } from '@/emails/types';
import { LANGUAGES } from '@/lib/i18n/languages';

const OUT = path.join(process.cwd(), '.data', 'email-preview');

const CASES: { name: string; render: (locale: (typeof LANGUAGES)[number]) => Promise<RenderedEmail> }[] = [
  { name: 'incident-created', render: (locale) => renderIncidentEmail({ ...IncidentNotification.PreviewProps, locale }) },
  {
    name: 'incident-updated',
    render: (locale) => renderIncidentEmail({ ...IncidentNotification.PreviewProps, locale, eventKind: 'updated' }),
  },
  { name: 'test-notification', render: (locale) => renderTestEmail({ ...TestNotification.PreviewProps, locale }) },
];

await mkdir(OUT, { recursive: true });
for (const { name, render } of CASES) {
  for (const locale of LANGUAGES) {
    const email = await render(locale);
    const base = path.join(OUT, `${name}.${locale}`);
    await writeFile(`${base}.html`, email.html);
    await writeFile(`${base}.txt`, `Subject: ${email.subject}\n\n${email.text}`);
    console.log(`${path.relative(process.cwd(), base)}.html  ${email.subject}`);
  }
}
