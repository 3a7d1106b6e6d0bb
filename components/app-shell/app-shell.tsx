'use client';

import type { ReactNode } from 'react';
import { useTranslations } from 'next-intl';
import { makeStyles, tokens } from '@fluentui/react-components';
import { SideNav, type SideNavProps } from './side-nav';
import { TopBar, type TopBarProps } from './top-bar';

export type AppShellProps = TopBarProps & SideNavProps & { children: ReactNode };

const useStyles = makeStyles({
  shell: { display: 'flex', flexDirection: 'column', minHeight: '100vh' },
  body: { display: 'flex', flexGrow: 1 },
  main: {
    flexGrow: 1,
    minWidth: 0,
    paddingBlock: tokens.spacingVerticalXL,
    paddingInline: tokens.spacingHorizontalXXL,
    ':focus': { outlineStyle: 'none' },
  },
  skip: {
    position: 'absolute',
    left: '-10000px',
    ':focus': {
      left: tokens.spacingHorizontalS,
      top: tokens.spacingVerticalS,
      zIndex: 1,
      padding: tokens.spacingHorizontalS,
      backgroundColor: tokens.colorNeutralBackground1,
    },
  },
});

// <AppShell tenantName userName userEmail visibleLinks>: the signed-in frame: skip link, top bar, left
// navigation, <main>.
export function AppShell({ children, visibleLinks, ...topBar }: AppShellProps) {
  const t = useTranslations('common');
  const styles = useStyles();
  return (
    <div className={styles.shell}>
      <a href="#main-content" className={styles.skip}>
        {t('skipToContent')}
      </a>
      <TopBar {...topBar} />
      <div className={styles.body}>
        <SideNav visibleLinks={visibleLinks} />
        <main id="main-content" tabIndex={-1} className={styles.main}>
          {children}
        </main>
      </div>
    </div>
  );
}
