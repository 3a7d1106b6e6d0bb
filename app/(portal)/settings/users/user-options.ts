'use client';

import { useTranslations } from 'next-intl';
import { ROLES } from '@/lib/auth/permissions';
import type { Role } from '@/lib/generated/prisma/enums';
import { LANGUAGES, type Language } from '@/lib/i18n/languages';

// Role and language as people read them: "Security Reader", "Nederlands".
export function useRoleOptions(): { value: Role; label: string }[] {
  const t = useTranslations('users.roles');
  return ROLES.map((role) => ({ value: role, label: t(role) }));
}

export function useLanguageOptions(): { value: Language; label: string }[] {
  const t = useTranslations('common.languages');
  return LANGUAGES.map((language) => ({ value: language, label: t(language) }));
}
