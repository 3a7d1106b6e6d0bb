'use client';

import type { ReactElement } from 'react';
import { Button, Tooltip, useRestoreFocusTarget } from '@fluentui/react-components';

// <RowAction label icon onClick />: an icon button in a grid row, named by its tooltip (e.g. "Remove Servers"),
// to which focus returns when the dialog it opens closes.
export function RowAction({ label, icon, onClick }: { label: string; icon: ReactElement; onClick: () => void }) {
  const restoreFocusTarget = useRestoreFocusTarget();
  return (
    <Tooltip content={label} relationship="label">
      <Button appearance="subtle" icon={icon} onClick={onClick} {...restoreFocusTarget} />
    </Tooltip>
  );
}
