import { describe, expect, it } from 'vitest';
import { describeInputError, formatTenantList, parseTenantArgs, UsageError } from '@/lib/tenants/tenant-cli';

const usageError = (argv: string[]) => {
  try {
    parseTenantArgs(argv);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error(`accepted: ${argv.join(' ')}`);
};

describe('parseTenantArgs', () => {
  it('reads the three commands and help', () => {
    expect(parseTenantArgs(['list'])).toEqual({ kind: 'list' });
    expect(parseTenantArgs(['--help'])).toEqual({ kind: 'help' });
    expect(parseTenantArgs(['create', '-h'])).toEqual({ kind: 'help' });
    expect(
      parseTenantArgs(['create', '--name', 'Fabrikam', '--admin-email', 'soc@fabrikam.com', '--microsoft-tenant-id=72f988bf-86f1-41af-91ab-2d7cd011db47', '--language', 'nl', '--permissions-model', 'RBAC', '--admin-name', 'SOC lead']),
    ).toEqual({
      kind: 'create',
      input: {
        name: 'Fabrikam',
        adminEmail: 'soc@fabrikam.com',
        microsoftTenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
        defaultLanguage: 'nl',
        permissionsModel: 'RBAC',
        adminName: 'SOC lead',
      },
    });
    // An empty value is a value: it clears the Microsoft tenant id.
    expect(parseTenantArgs(['update', 'a1b2', '--microsoft-tenant-id', ''])).toEqual({ kind: 'update', id: 'a1b2', input: { microsoftTenantId: '' } });
  });

  it('refuses what it cannot run, saying what is wrong', () => {
    expect(usageError([])).toBe('Missing command: list, create or update.');
    expect(usageError(['delete'])).toBe('Unknown command "delete": list, create or update.');
    expect(usageError(['list', 'extra'])).toBe('list takes no arguments.');
    expect(usageError(['create', '--name', 'Fabrikam'])).toBe('create needs --name and --admin-email.');
    expect(usageError(['create', 'Fabrikam', '--name', 'F', '--admin-email', 'a@b.c'])).toContain('no positional arguments');
    expect(usageError(['update', '--name', 'x'])).toContain('exactly one tenant id');
    expect(usageError(['update', 'a', 'b', '--name', 'x'])).toContain('exactly one tenant id');
    expect(usageError(['update', 'a1b2'])).toContain('at least one of');
    expect(usageError(['update', 'a1b2', '--admin-email', 'a@b.c'])).toBe('--admin-email is for create only.');
    expect(usageError(['create', '--nmae', 'Fabrikam'])).toContain("'--nmae'");
    expect(usageError(['create', '--name'])).toContain('--name');
  });
});

describe('output', () => {
  it('names flags, not fields, in input errors', () => {
    expect(describeInputError({ microsoftTenantId: 'must be a GUID', defaultLanguage: 'must be one of en, nl', id: 'x is not a tenant' })).toBe(
      '--microsoft-tenant-id must be a GUID; --language must be one of en, nl; id x is not a tenant',
    );
  });

  it('lists tenants in aligned columns', () => {
    const tenants = [
      { id: 'id-1', name: 'Contoso', microsoftTenantId: null, defaultLanguage: 'en' as const, permissionsModel: 'BASIC' as const, userCount: 12 },
      { id: 'id-2', name: 'Fabrikam Europe', microsoftTenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47', defaultLanguage: 'nl' as const, permissionsModel: 'RBAC' as const, userCount: 1 },
    ];
    expect(formatTenantList(tenants).split('\n')).toEqual([
      'ID    NAME             MICROSOFT TENANT ID                   LANGUAGE  PERMISSIONS  USERS',
      'id-1  Contoso          -                                     en        BASIC        12',
      'id-2  Fabrikam Europe  72f988bf-86f1-41af-91ab-2d7cd011db47  nl        RBAC         1',
    ]);
    expect(formatTenantList([])).toContain('No tenants yet');
  });
});
