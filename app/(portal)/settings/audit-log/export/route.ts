import { handleAuditLogExport } from '@/lib/audit-log/export';

export const runtime = 'nodejs';

export const GET = (request: Request) => handleAuditLogExport(request);
