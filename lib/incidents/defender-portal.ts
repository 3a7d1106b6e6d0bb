// The Microsoft Defender portal, the only place an incident link in our emails may point to: a payload
// naming any other host could send every recipient to a look-alike sign-in page.
//
// One host per cloud (Microsoft's "Microsoft Defender XDR for US Government" and 21Vianet portal lists):
//   security.microsoft.com       commercial, and GCC (which shares the commercial portal)
//   security.microsoft.us        GCC High
//   security.apps.mil            DoD
//   security.microsoftonline.cn  operated by 21Vianet (China)
export const DEFENDER_PORTAL_HOSTS: readonly string[] = [
  'security.microsoft.com',
  'security.microsoft.us',
  'security.apps.mil',
  'security.microsoftonline.cn',
];

// Where an incident is found when the payload gave no acceptable link: the tenant's cloud is not known
// here, and the commercial portal is where nearly every tenant's incidents are.
const DEFAULT_PORTAL_ORIGIN = 'https://security.microsoft.com';

// Exactly one of the hosts above, over https on the default port: no look-alike subdomain
// (security.microsoft.com.evil.example), no credentials in the URL.
export function isDefenderPortalUrl(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  return url.protocol === 'https:' && url.port === '' && url.username === '' && url.password === '' && DEFENDER_PORTAL_HOSTS.includes(url.hostname);
}

export function defenderIncidentUrl(incidentExternalId: string): string {
  return `${DEFAULT_PORTAL_ORIGIN}/incidents/${encodeURIComponent(incidentExternalId)}`;
}
