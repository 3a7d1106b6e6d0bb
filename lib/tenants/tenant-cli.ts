import { parseArgs } from 'node:util';
import type { TenantView } from '@/lib/tenants/tenant-admin';
import type { CreateTenantInput, UpdateTenantInput } from '@/lib/validation/tenant';

// The command line of `npm run tenant`: arguments in, a command out, and the tables it prints. No I/O, so
// scripts/tenant.ts stays wiring only.

export const USAGE = `Usage: npm run tenant -- <command> [options]

Commands:
  list                         every tenant: id, name, Microsoft tenant id, language, permissions model, users
  create --name <name> --admin-email <email> [options]
                               a tenant with the starter device groups and its first Global Administrator,
                               whose generated password is printed once
  update <id> [options]        change a tenant (at least one option)

Options (create and update):
  --name <name>                          1-100 characters
  --microsoft-tenant-id <guid>           the organization's Microsoft Entra tenant id ("" for none)
  --language <en|nl>                     default language (create: en)
  --permissions-model <BASIC|RBAC>       create: BASIC
Options (create only):
  --admin-email <email>                  the first administrator's sign-in address (unique across tenants)
  --admin-name <name>                    their display name (default: Administrator)

  -h, --help                             this text

Uses DATABASE_URL, else the database of the app running from DATA_DIR (DATA_DIR/runtime.json), else
starts the embedded PostgreSQL under DATA_DIR for the duration of the command.`;

export type TenantCommand =
  | { kind: 'help' }
  | { kind: 'list' }
  | { kind: 'create'; input: CreateTenantInput }
  | { kind: 'update'; id: string; input: UpdateTenantInput };

// Wrong arguments: the command is not run.
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

// Flag -> field of the tenant-admin input, also used to name a flag in an error about its field.
const FIELD_OF_FLAG = {
  name: 'name',
  'microsoft-tenant-id': 'microsoftTenantId',
  language: 'defaultLanguage',
  'permissions-model': 'permissionsModel',
  'admin-email': 'adminEmail',
  'admin-name': 'adminName',
} as const;
type Flag = keyof typeof FIELD_OF_FLAG;
const CREATE_ONLY: Flag[] = ['admin-email', 'admin-name'];

export function parseTenantArgs(argv: readonly string[]): TenantCommand {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        help: { type: 'boolean', short: 'h' },
        ...(Object.fromEntries(Object.keys(FIELD_OF_FLAG).map((flag) => [flag, { type: 'string' }])) as Record<Flag, { type: 'string' }>),
      },
    });
  } catch (error) {
    // parseArgs says what was wrong ("Unknown option '--nmae'", "Option '--name <value>' argument missing").
    throw new UsageError((error as Error).message.split('\n')[0]);
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };
  const [command, ...rest] = positionals;
  const flags = Object.keys(FIELD_OF_FLAG).filter((flag) => values[flag as Flag] !== undefined) as Flag[];
  const input = Object.fromEntries(flags.map((flag) => [FIELD_OF_FLAG[flag], values[flag as Flag]]));

  switch (command) {
    case 'list':
      if (rest.length || flags.length) throw new UsageError('list takes no arguments.');
      return { kind: 'list' };
    case 'create':
      if (rest.length) throw new UsageError(`create takes no positional arguments (got "${rest[0]}").`);
      if (values.name === undefined || values['admin-email'] === undefined) throw new UsageError('create needs --name and --admin-email.');
      return { kind: 'create', input: input as CreateTenantInput };
    case 'update': {
      if (rest.length !== 1) throw new UsageError('update needs exactly one tenant id (see `list`).');
      const misplaced = flags.find((flag) => CREATE_ONLY.includes(flag));
      if (misplaced) throw new UsageError(`--${misplaced} is for create only.`);
      if (flags.length === 0) throw new UsageError('update needs at least one of --name, --microsoft-tenant-id, --language, --permissions-model.');
      return { kind: 'update', id: rest[0], input: input as UpdateTenantInput };
    }
    case undefined:
      throw new UsageError('Missing command: list, create or update.');
    default:
      throw new UsageError(`Unknown command "${command}": list, create or update.`);
  }
}

// A refusal of tenant-admin in the terms the operator typed: flags, not field names.
export function describeInputError(fields: Record<string, string>): string {
  return Object.entries(fields).map(([field, problem]) => `${flagOf(field)} ${problem}`).join('; ');
}

function flagOf(field: string): string {
  const flag = Object.entries(FIELD_OF_FLAG).find(([, name]) => name === field)?.[0];
  return flag ? `--${flag}` : field;
}

export function formatTenantList(tenants: readonly (TenantView & { userCount: number })[]): string {
  if (tenants.length === 0) return 'No tenants yet: `npm start` creates the first, `npm run tenant -- create` more.';
  const header = ['ID', 'NAME', 'MICROSOFT TENANT ID', 'LANGUAGE', 'PERMISSIONS', 'USERS'];
  const rows = tenants.map((t) => [t.id, t.name, t.microsoftTenantId ?? '-', t.defaultLanguage, t.permissionsModel, String(t.userCount)]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  return [header, ...rows].map((row) => row.map((cell, column) => cell.padEnd(widths[column])).join('  ').trimEnd()).join('\n');
}

export function formatTenant(tenant: TenantView): string {
  return [
    `  id:                  ${tenant.id}`,
    `  name:                ${tenant.name}`,
    `  Microsoft tenant id: ${tenant.microsoftTenantId ?? '-'}`,
    `  language:            ${tenant.defaultLanguage}`,
    `  permissions model:   ${tenant.permissionsModel}`,
  ].join('\n');
}
