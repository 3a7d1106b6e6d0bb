'use client';

import { useTransition } from 'react';
import { useRouter } from 'next/navigation';
import { useLocale, useTranslations } from 'next-intl';
import {
  Button,
  Menu,
  MenuItemRadio,
  MenuList,
  MenuPopover,
  MenuTrigger,
  type ButtonProps,
  type MenuProps,
} from '@fluentui/react-components';
import { LocalLanguageRegular } from '@fluentui/react-icons';
import { setLanguageAction } from '@/lib/actions/set-language';
import { LANGUAGES, isLanguage } from '@/lib/i18n/languages';

export type LanguagePickerProps = { appearance?: ButtonProps['appearance'] };

// <LanguagePicker appearance? />: a "Language" menu button; choosing a language stores it (cookie and, when
// signed in, the user's preference) and re-renders the page in it.
export function LanguagePicker({ appearance = 'subtle' }: LanguagePickerProps) {
  const t = useTranslations('common');
  const locale = useLocale();
  const router = useRouter();
  const [pending, startTransition] = useTransition();

  const onCheckedValueChange: MenuProps['onCheckedValueChange'] = (_event, { checkedItems }) => {
    const language = checkedItems[0];
    if (!isLanguage(language) || language === locale) return;
    startTransition(async () => {
      const result = await setLanguageAction({ language });
      if (result.ok) router.refresh();
    });
  };

  const current = isLanguage(locale) ? t(`languages.${locale}`) : locale;
  return (
    <Menu checkedValues={{ language: [locale] }} onCheckedValueChange={onCheckedValueChange}>
      <MenuTrigger disableButtonEnhancement>
        <Button
          appearance={appearance}
          icon={<LocalLanguageRegular />}
          aria-label={t('languageButton', { language: current })}
          disabledFocusable={pending}
        >
          {current}
        </Button>
      </MenuTrigger>
      <MenuPopover>
        <MenuList aria-label={t('language')}>
          {LANGUAGES.map((language) => (
            <MenuItemRadio key={language} name="language" value={language} lang={language}>
              {t(`languages.${language}`)}
            </MenuItemRadio>
          ))}
        </MenuList>
      </MenuPopover>
    </Menu>
  );
}
