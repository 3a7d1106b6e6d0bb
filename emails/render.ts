import { render, toPlainText } from '@react-email/render';
import { createElement, type ReactElement } from 'react';
import DigestNotification from './digest-notification';
import IncidentNotification from './incident-notification';
import { sanitizeEmailProps } from './lib/sanitize';
import { sanitizeDigestProps } from './lib/sanitize-digest';
import { digestSubject, emailSubject } from './lib/subject';
import { emailTranslator } from './lib/translator';
import TestNotification from './test-notification';
import type { DigestEmailProps, IncidentEmailProps, RenderedEmail, TestEmailProps } from './types';

// No `pretty`: it costs ~20x the render itself and mail clients do not care about indentation.
// Render once per distinct (event, locale, rule options), not per recipient: the output has no recipient in it.

// html-to-text shouts headings by default; an incident name in capitals reads as a different name.
export const TEXT_OPTIONS = {
  selectors: [
    { selector: 'h1', options: { uppercase: false } },
    { selector: 'h2', options: { uppercase: false } },
    // A blank line between alerts, so severity, title and source read as one group each.
    { selector: 'tr[data-text-alert]', format: 'block', options: { leadingLineBreaks: 2, trailingLineBreaks: 2 } },
  ],
};

export async function renderIncidentEmail(props: IncidentEmailProps): Promise<RenderedEmail> {
  return renderEmail(createElement(IncidentNotification, props), props);
}

export async function renderTestEmail(props: TestEmailProps): Promise<RenderedEmail> {
  return renderEmail(createElement(TestNotification, props), props);
}

export async function renderDigestEmail(props: DigestEmailProps): Promise<RenderedEmail> {
  const email = sanitizeDigestProps(props);
  return renderWith(createElement(DigestNotification, props), digestSubject(emailTranslator(email.locale), email));
}

async function renderEmail(element: ReactElement, props: IncidentEmailProps | TestEmailProps): Promise<RenderedEmail> {
  const email = sanitizeEmailProps(props);
  return renderWith(element, emailSubject(emailTranslator(email.locale), email));
}

async function renderWith(element: ReactElement, subject: string): Promise<RenderedEmail> {
  // The text part is converted from this very HTML by the function `render(element, { plainText: true })` runs
  // after rendering the element a second time: same output (emails/render.test.ts checks), half the cost.
  const html = await render(element);
  const text = toPlainText(html, TEXT_OPTIONS);
  return { subject, html, text };
}
