import { handleListDeviceGroups } from '@/lib/rules-api/handlers';

// The device groups rule documents name (lib/rules-api), for an API key with rules:read.
export const runtime = 'nodejs';

export const GET = (request: Request) => handleListDeviceGroups(request);
