'use client';

import type { MouseEvent } from 'react';
import { Link, makeStyles, tokens } from '@fluentui/react-components';

export type CursorPagerProps = {
  // Null when there is no such page: on the first page there is no "newest", on the last no "older".
  newestHref: string | null;
  olderHref: string | null;
  labels: { pager: string; newest: string; older: string };
  follow: (href: string) => (event: MouseEvent<HTMLAnchorElement>) => void;
};

const useStyles = makeStyles({ pager: { display: 'flex', gap: tokens.spacingHorizontalL } });

// "Newest" and "Older" links of a list paged newest first with an id cursor (delivery log, incidents
// received, audit log); nothing when the list fits on one page.
export function CursorPager({ newestHref, olderHref, labels, follow }: CursorPagerProps) {
  const styles = useStyles();
  if (!newestHref && !olderHref) return null;
  return (
    <nav className={styles.pager} aria-label={labels.pager}>
      {newestHref ? (
        <Link href={newestHref} onClick={follow(newestHref)}>
          {labels.newest}
        </Link>
      ) : null}
      {olderHref ? (
        <Link href={olderHref} onClick={follow(olderHref)}>
          {labels.older}
        </Link>
      ) : null}
    </nav>
  );
}
