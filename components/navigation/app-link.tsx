'use client';

import type { MouseEvent, ReactNode } from 'react';
import { useRouter } from 'next/navigation';
import { Link, type LinkProps } from '@fluentui/react-components';

export type AppLinkProps = { href: string; children: ReactNode } & Pick<
  LinkProps,
  'appearance' | 'inline' | 'className' | 'aria-label'
>;

// <AppLink href>text</AppLink>: a Fluent link that is a real <a href> (works before hydration, opens in a
// new tab with a modified click) and navigates inside the app on a plain click.
export function AppLink({ href, children, ...rest }: AppLinkProps) {
  const router = useRouter();
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    router.push(href);
  };
  return (
    <Link href={href} onClick={onClick} {...rest}>
      {children}
    </Link>
  );
}
