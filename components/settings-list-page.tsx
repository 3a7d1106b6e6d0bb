'use client';

import type { ReactNode } from 'react';
import { makeStyles, MessageBar, MessageBarBody, Text, tokens, typographyStyles } from '@fluentui/react-components';

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, maxWidth: '1200px' },
  heading: { ...typographyStyles.title2, margin: 0 },
  description: { color: tokens.colorNeutralForeground2, maxWidth: '80ch' },
  toolbar: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM },
  spacer: { flexGrow: 1 },
});

export type SettingsListPageProps = {
  title: string;
  description: string;
  // Shown to users who may look but not change (null: they may change).
  readOnlyNotice?: string | null;
  // The outcome of the last change, announced to screen readers.
  notice: string | null;
  // The command bar's buttons, on the left; `count` sits on the right.
  commands?: ReactNode;
  count: string;
  children: ReactNode;
};

// <SettingsListPage title description readOnlyNotice? notice commands? count>grid and dialogs</SettingsListPage>:
// the frame every list page under Settings shares.
export function SettingsListPage(props: SettingsListPageProps) {
  const styles = useStyles();
  return (
    <div className={styles.page}>
      <h1 className={styles.heading}>{props.title}</h1>
      <Text className={styles.description}>{props.description}</Text>
      {props.readOnlyNotice ? (
        <MessageBar intent="info">
          <MessageBarBody>{props.readOnlyNotice}</MessageBarBody>
        </MessageBar>
      ) : null}
      <div role="status">
        {props.notice ? (
          <MessageBar intent="success">
            <MessageBarBody>{props.notice}</MessageBarBody>
          </MessageBar>
        ) : null}
      </div>
      <div className={styles.toolbar}>
        {props.commands}
        <span className={styles.spacer} />
        <Text>{props.count}</Text>
      </div>
      {props.children}
    </div>
  );
}
