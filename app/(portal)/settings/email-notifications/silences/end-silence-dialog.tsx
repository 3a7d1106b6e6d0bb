'use client';

import { useTranslations } from 'next-intl';
import { ConfirmActionDialog } from '@/components/confirm-action-dialog';
import { endSilenceAction } from '@/lib/actions/end-silence';
import type { SilenceView } from '@/lib/data/silences';

// "End now", confirmed first: from that moment emails it would have held back are sent.
export function EndSilenceDialog({ silence, onCancel, onEnded }: { silence: SilenceView; onCancel: () => void; onEnded: () => void }) {
  const t = useTranslations('silences.endDialog');
  return (
    <ConfirmActionDialog
      title={t('title', { name: silence.name })}
      body={t(silence.phase === 'upcoming' ? 'bodyUpcoming' : 'body')}
      confirmLabel={t('confirm')}
      pendingLabel={t('pending')}
      action={() => endSilenceAction({ id: silence.id })}
      onDone={onEnded}
      onCancel={onCancel}
    />
  );
}
