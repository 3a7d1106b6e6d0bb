'use client';

import { useCallback, useTransition, type MouseEvent } from 'react';
import { useRouter } from 'next/navigation';

// Moving between pages of a filtered list: `navigate` goes to an address inside the app (in a transition,
// so `pending` can show a spinner); `follow(href)` is the click handler of a plain <a href> that still works
// before hydration and opens in a new tab with a modified click, and stays in the app on a plain click.
export function useAppNavigation() {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const navigate = useCallback((href: string) => startTransition(() => router.push(href)), [router]);
  const follow = useCallback(
    (href: string) => (event: MouseEvent<HTMLAnchorElement>) => {
      if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      event.preventDefault();
      navigate(href);
    },
    [navigate],
  );
  return { pending, navigate, follow };
}
