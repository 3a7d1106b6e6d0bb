'use client';

import { useEffect, useEffectEvent, useRef, useState } from 'react';
import { useErrorMessage } from '@/components/form/use-error-message';
import { previewRuleEmailAction } from '@/lib/actions/preview-rule-email';
import type { Language } from '@/lib/i18n/languages';
import type { EmailPreview } from '@/lib/notifications/email-preview';
import type { z } from 'zod';
import type { emailPreviewSchema } from '@/lib/validation/email-preview';

// What the preview's settings are made of: the wizard form's values or a saved rule's, extra fields ignored.
// The form's (unparsed) shape: a cap's digest time may still be absent there.
export type PreviewSettings = z.input<typeof emailPreviewSchema>['rule'];

export type EmailPreviewState = {
  // The email of the current choices; null until it arrives, and after a failure.
  preview: EmailPreview | null;
  // The incidents offered besides the sample: those of the last preview that rendered.
  incidents: EmailPreview['incidents'];
  loading: boolean;
  error: string | null;
};

// Only the settings that shape the email go to the server (not the rule's name nor its recipients).
function pick(settings: PreviewSettings): PreviewSettings {
  return {
    severities: settings.severities,
    deviceGroupScope: settings.deviceGroupScope,
    deviceGroupIds: settings.deviceGroupIds,
    sourceScope: settings.sourceScope,
    sources: settings.sources,
    oneNotificationPerIncident: settings.oneNotificationPerIncident,
    includeOrganizationName: settings.includeOrganizationName,
    includeTenantPortalLink: settings.includeTenantPortalLink,
  };
}

// useEmailPreview(settings, language, incident): asks the server for the email again whenever one of them
// changes. Answers that arrive after a newer request was made are dropped, so a quick series of switches
// ends on the email of the last choice.
export function useEmailPreview(settings: PreviewSettings, language: Language, incident: string): EmailPreviewState {
  const errorMessage = useErrorMessage();
  const [state, setState] = useState<EmailPreviewState>({ preview: null, incidents: [], loading: true, error: null });
  const latest = useRef(0);
  // The message is worded when an answer arrives: a change of wording is no reason to ask again. The last
  // email goes: it is not the one chosen now.
  const failed = useEffectEvent((key: string, params?: Record<string, string>) =>
    setState((current) => ({ ...current, preview: null, loading: false, error: errorMessage(key, params) })),
  );
  // A new object each render (useWatch) must not mean a new request: compare by content.
  const rule = JSON.stringify(pick(settings));

  useEffect(() => {
    const request = ++latest.current;
    setState((current) => ({ ...current, loading: true }));
    previewRuleEmailAction({ rule: JSON.parse(rule) as PreviewSettings, language, incident })
      .then((result) => {
        if (request !== latest.current) return;
        if (result.ok) setState({ preview: result.data, incidents: result.data.incidents, loading: false, error: null });
        else failed(result.error, result.errorParams);
      })
      .catch(() => {
        if (request === latest.current) failed('unexpected');
      });
  }, [rule, language, incident]);

  return state;
}
