import { redirect } from 'next/navigation';
import { NAV_LINKS } from '@/components/app-shell/nav-links';

export default function PortalHome() {
  redirect(NAV_LINKS.incidents);
}
