// `npm run tenant -- list | create | update`: tenant administration for a deployment serving several
// organizations. Parsing and formatting live in lib/tenants/tenant-cli.ts, the work in tenant-admin.ts.
import { db } from '@/lib/db/client';
import { errorFields, log } from '@/lib/observability/logger';
import { openCliDatabase, type CliDatabase } from '@/lib/tenants/cli-database';
import { createTenant, listTenants, TenantInputError, updateTenant } from '@/lib/tenants/tenant-admin';
import { describeInputError, formatTenant, formatTenantList, parseTenantArgs, USAGE, UsageError, type TenantCommand } from '@/lib/tenants/tenant-cli';

// Bad input exits 2 (nothing was written), anything else 1.
const BAD_INPUT = 2;

async function main(): Promise<number> {
  let command: TenantCommand;
  try {
    command = parseTenantArgs(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`${error.message} See \`npm run tenant -- --help\`.`);
    return BAD_INPUT;
  }
  if (command.kind === 'help') {
    console.log(USAGE);
    return 0;
  }

  let database: CliDatabase;
  try {
    database = await openCliDatabase();
  } catch (error) {
    // Why there is no database to work on (not started, runtime.json unreadable) is said to the operator, as is.
    console.error(error instanceof Error ? error.message : String(error));
    return 1;
  }
  // The client reads it when first used.
  process.env.DATABASE_URL = database.url;
  console.error(`Database: ${database.where}`);
  try {
    return await run(command);
  } catch (error) {
    if (!(error instanceof TenantInputError)) throw error;
    console.error(`${describeInputError(error.fields)}. Nothing was changed.`);
    return BAD_INPUT;
  } finally {
    await db().$disconnect();
    await database.close();
  }
}

async function run(command: Exclude<TenantCommand, { kind: 'help' }>): Promise<number> {
  switch (command.kind) {
    case 'list':
      console.log(formatTenantList(await listTenants(db())));
      return 0;
    case 'create': {
      const { tenant, admin } = await createTenant(db(), command.input);
      console.log(`Created tenant "${tenant.name}" with the starter device groups:\n${formatTenant(tenant)}`);
      console.log('\nIts first Global Administrator signs in with:');
      console.log(`  email:    ${admin.email}`);
      console.log(`  password: ${admin.password}   (shown only this once)`);
      return 0;
    }
    case 'update':
      console.log(`Updated tenant:\n${formatTenant(await updateTenant(db(), command.id, command.input))}`);
      return 0;
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    // An unexpected failure is a log event, and its message may be a failed query's, which renders the
    // arguments (a new administrator's password hash): only its safe form is printed.
    log().error({ command: process.argv[2], ...errorFields(error) }, 'tenant command failed');
    process.exit(1);
  },
);
