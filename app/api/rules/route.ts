import { handleCreateRule, handleListRules } from '@/lib/rules-api/handlers';

// Rules as code: list and create notification rules with an API key (lib/rules-api).
export const runtime = 'nodejs';

export const GET = (request: Request) => handleListRules(request);
export const POST = (request: Request) => handleCreateRule(request);
