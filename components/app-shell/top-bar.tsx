'use client';

import { useTranslations } from 'next-intl';
import {
  Avatar,
  Button,
  makeStyles,
  Menu,
  MenuItemLink,
  MenuList,
  MenuPopover,
  MenuTrigger,
  Text,
  tokens,
  typographyStyles,
} from '@fluentui/react-components';
import { KeyRegular, ShieldRegular, SignOutRegular } from '@fluentui/react-icons';
import { signOutAction } from '@/lib/actions/sign-out';
import { LanguagePicker } from './language-picker';
import { NAV_LINKS } from './nav-links';

export type TopBarProps = { tenantName: string; userName: string; userEmail: string };

const useStyles = makeStyles({
  bar: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalM,
    minHeight: '48px',
    paddingInline: tokens.spacingHorizontalL,
    backgroundColor: tokens.colorNeutralBackground1,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  product: { ...typographyStyles.subtitle2, display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS },
  tenant: { color: tokens.colorNeutralForeground3 },
  spacer: { flexGrow: 1 },
  user: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS },
  form: { margin: 0 },
});

// <TopBar tenantName userName userEmail />: product name, organization, language menu, user menu (Change
// password) and Sign out.
export function TopBar({ tenantName, userName, userEmail }: TopBarProps) {
  const t = useTranslations('common');
  const styles = useStyles();
  return (
    <header className={styles.bar}>
      <span className={styles.product}>
        <ShieldRegular aria-hidden />
        {t('productName')}
      </span>
      <Text className={styles.tenant}>{t('tenant', { name: tenantName })}</Text>
      <span className={styles.spacer} />
      <LanguagePicker />
      {/* The user menu: the caller's own account, whatever their role. */}
      <Menu>
        <MenuTrigger disableButtonEnhancement>
          <Button appearance="subtle" title={userEmail} aria-label={t('accountMenu', { name: userName })}>
            <span className={styles.user}>
              <Avatar name={userName} size={28} aria-hidden />
              <Text>{t('signedInAs', { name: userName })}</Text>
            </span>
          </Button>
        </MenuTrigger>
        <MenuPopover>
          <MenuList>
            <MenuItemLink href={NAV_LINKS.changePassword} icon={<KeyRegular />}>
              {t('nav.changePassword')}
            </MenuItemLink>
          </MenuList>
        </MenuPopover>
      </Menu>
      {/* A plain form post: signing out works before hydration and without JavaScript. */}
      <form action={signOutAction} className={styles.form}>
        <Button type="submit" appearance="subtle" icon={<SignOutRegular />}>
          {t('signOut')}
        </Button>
      </form>
    </header>
  );
}
