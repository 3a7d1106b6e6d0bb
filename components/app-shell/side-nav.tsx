'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { makeStyles, mergeClasses, tokens, typographyStyles } from '@fluentui/react-components';
import { NAV_LINKS } from './nav-links';

export type NavLink = keyof typeof NAV_LINKS;

export type SideNavProps = {
  // Which pages this user may open (decided on the server from the permission table; every page checks
  // again). A link to a page they would get "not found" on is not shown.
  visibleLinks: Readonly<Record<Exclude<NavLink, 'changePassword'>, boolean>>;
};

const useStyles = makeStyles({
  nav: {
    width: '240px',
    flexShrink: 0,
    paddingBlock: tokens.spacingVerticalM,
    backgroundColor: tokens.colorNeutralBackground2,
    borderRight: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  list: { listStyle: 'none', margin: 0, padding: 0 },
  heading: {
    ...typographyStyles.caption1Strong,
    margin: 0,
    paddingBlock: tokens.spacingVerticalS,
    paddingInline: tokens.spacingHorizontalL,
    color: tokens.colorNeutralForeground3,
    textTransform: 'uppercase',
  },
  groupLabel: {
    ...typographyStyles.body1Strong,
    display: 'block',
    paddingBlock: tokens.spacingVerticalS,
    paddingInline: tokens.spacingHorizontalL,
  },
  link: {
    ...typographyStyles.body1,
    display: 'block',
    paddingBlock: tokens.spacingVerticalS,
    paddingInline: tokens.spacingHorizontalL,
    color: tokens.colorNeutralForeground1,
    textDecorationLine: 'none',
    borderLeft: `${tokens.strokeWidthThicker} solid transparent`,
    ':hover': { backgroundColor: tokens.colorSubtleBackgroundHover },
    ':focus-visible': { outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}`, outlineOffset: '-2px' },
  },
  nested: { paddingInlineStart: tokens.spacingHorizontalXXXL },
  current: {
    ...typographyStyles.body1Strong,
    backgroundColor: tokens.colorSubtleBackgroundSelected,
    borderLeft: `${tokens.strokeWidthThicker} solid ${tokens.colorCompoundBrandStroke}`,
  },
});

function isCurrent(pathname: string, href: string): boolean {
  return pathname === href || pathname.startsWith(`${href}/`);
}

// <SideNav visibleLinks />: the portal's left navigation; the link of the page being shown carries
// aria-current="page".
export function SideNav({ visibleLinks: show }: SideNavProps) {
  const t = useTranslations('common.nav');
  const pathname = usePathname();
  const styles = useStyles();

  const link = (href: string, label: string, nested = false) => {
    const current = isCurrent(pathname, href);
    return (
      <Link
        href={href}
        aria-current={current ? 'page' : undefined}
        className={mergeClasses(styles.link, nested && styles.nested, current && styles.current)}
      >
        {label}
      </Link>
    );
  };

  return (
    <nav aria-label={t('label')} className={styles.nav}>
      <h2 id="nav-settings" className={styles.heading}>
        {t('settings')}
      </h2>
      <ul className={styles.list} aria-labelledby="nav-settings">
        {show.incidents || show.received || show.deliveries || show.silences ? (
          <li>
            <span id="nav-email-notifications" className={styles.groupLabel}>
              {t('emailNotifications')}
            </span>
            <ul className={styles.list} aria-labelledby="nav-email-notifications">
              {show.incidents ? <li>{link(NAV_LINKS.incidents, t('incidents'), true)}</li> : null}
              {show.received ? <li>{link(NAV_LINKS.received, t('received'), true)}</li> : null}
              {show.deliveries ? <li>{link(NAV_LINKS.deliveries, t('deliveries'), true)}</li> : null}
              {show.silences ? <li>{link(NAV_LINKS.silences, t('silences'), true)}</li> : null}
            </ul>
          </li>
        ) : null}
        {show.deviceGroups ? <li>{link(NAV_LINKS.deviceGroups, t('deviceGroups'))}</li> : null}
        {show.apiKeys ? <li>{link(NAV_LINKS.apiKeys, t('apiKeys'))}</li> : null}
        {show.users ? <li>{link(NAV_LINKS.users, t('users'))}</li> : null}
        {show.roles ? <li>{link(NAV_LINKS.roles, t('roles'))}</li> : null}
        {show.organization ? <li>{link(NAV_LINKS.organization, t('organization'))}</li> : null}
        {show.auditLog ? <li>{link(NAV_LINKS.auditLog, t('auditLog'))}</li> : null}
      </ul>
      {show.mailSink ? (
        <>
          <h2 id="nav-developer" className={styles.heading}>
            {t('developer')}
          </h2>
          <ul className={styles.list} aria-labelledby="nav-developer">
            <li>{link(NAV_LINKS.mailSink, t('mailSink'))}</li>
          </ul>
        </>
      ) : null}
    </nav>
  );
}
