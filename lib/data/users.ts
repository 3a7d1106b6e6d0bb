import 'server-only';
import { db, type Tx } from '@/lib/db/client';
import { writeAudit } from '@/lib/data/audit';
import { replaceUserRbacRoles, type RbacRoleOption } from '@/lib/data/rbac-roles';
import type { TenantContext } from '@/lib/auth/tenant-context';
import { hashPassword, verifyPassword } from '@/lib/auth/password';
import { clearFailures, reserveAttempt, settleSuccess, type ThrottleKey } from '@/lib/auth/throttle';
import type { Role } from '@/lib/generated/prisma/enums';
import type { Language } from '@/lib/i18n/languages';
import { Prisma } from '@/lib/generated/prisma/client';
import type { CreateUserInput } from '@/lib/validation/user';
import { SafeError, notFound } from '@/lib/safe-error';

export type UserView = {
  id: string;
  name: string;
  email: string;
  role: Role;
  language: Language;
  // The RBAC roles (Settings → Roles) the user holds, by name.
  rbacRoles: RbacRoleOption[];
  createdAt: string;
};

// What the audit trail keeps of a user: never the password hash.
const snapshot = (user: { name: string; email: string; role: Role; language: Language }) => ({
  name: user.name,
  email: user.email,
  role: user.role,
  language: user.language,
});

export async function listUsers(ctx: TenantContext): Promise<UserView[]> {
  const rows = await db().user.findMany({
    where: { tenantId: ctx.tenantId },
    include: { rbacRoles: { where: { tenantId: ctx.tenantId }, select: { role: { select: { id: true, name: true } } } } },
    orderBy: { name: 'asc' },
  });
  return rows.map((row) => ({
    ...snapshot(row),
    id: row.id,
    rbacRoles: row.rbacRoles.map((link) => link.role).sort((a, b) => a.name.localeCompare(b.name)),
    createdAt: row.createdAt.toISOString(),
  }));
}

// Serialises user writes of one tenant, so two demotions or removals cannot both pass the
// "at least one Global Administrator stays" check.
async function lockTenantUsers(tx: Tx, ctx: TenantContext) {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('users:' || ${ctx.tenantId}))`;
}

async function findUser(tx: Tx, ctx: TenantContext, id: string) {
  const user = await tx.user.findFirst({ where: { id, tenantId: ctx.tenantId } });
  if (!user) throw notFound();
  return user;
}

async function assertAnotherGlobalAdministrator(tx: Tx, ctx: TenantContext, exceptId: string) {
  const others = await tx.user.count({
    where: { tenantId: ctx.tenantId, role: 'GLOBAL_ADMINISTRATOR', NOT: { id: exceptId } },
  });
  if (others === 0) throw new SafeError('lastGlobalAdministrator');
}

const emailTaken = () => new SafeError('userEmailTaken', undefined, { email: 'userEmailTaken' });

export async function createUser(ctx: TenantContext, input: CreateUserInput): Promise<{ id: string }> {
  const passwordHash = await hashPassword(input.password);
  try {
    return await db().$transaction(async (tx) => {
      // Emails are unique across organizations (sign-in finds the user by email alone); the message does
      // not say which organization holds the address.
      if (await tx.user.findUnique({ where: { email: input.email }, select: { id: true } })) throw emailTaken();
      const row = await tx.user.create({
        data: {
          tenantId: ctx.tenantId,
          name: input.name,
          email: input.email,
          role: input.role,
          language: input.language,
          passwordHash,
        },
      });
      await writeAudit(tx, ctx, {
        action: 'user.created',
        targetType: 'user',
        targetId: row.id,
        targetName: row.name,
        before: null,
        after: snapshot(row),
      });
      if (input.rbacRoleIds.length > 0) await replaceUserRbacRoles(tx, ctx, row, input.rbacRoleIds);
      return { id: row.id };
    });
  } catch (error) {
    // Two admins adding the same address at once: the unique index decides.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') throw emailTaken();
    throw error;
  }
}

export async function changeUserRole(ctx: TenantContext, id: string, role: Role): Promise<void> {
  await db().$transaction(async (tx) => {
    await lockTenantUsers(tx, ctx);
    const user = await findUser(tx, ctx, id);
    if (user.id === ctx.userId) throw new SafeError('cannotChangeOwnRole');
    if (user.role === role) return;
    if (user.role === 'GLOBAL_ADMINISTRATOR') await assertAnotherGlobalAdministrator(tx, ctx, id);
    // The role is read from the database on every request anyway; voiding the sessions also makes the
    // user sign in again, so nobody keeps working in a page built for the old role.
    await tx.user.update({
      where: { id_tenantId: { id, tenantId: ctx.tenantId } },
      data: { role, sessionsValidAfter: new Date() },
    });
    await writeAudit(tx, ctx, {
      action: 'user.roleChanged',
      targetType: 'user',
      targetId: id,
      targetName: user.name,
      before: { role: user.role },
      after: { role },
    });
  });
}

export async function resetUserPassword(ctx: TenantContext, id: string, password: string): Promise<void> {
  const passwordHash = await hashPassword(password);
  const email = await db().$transaction(async (tx) => {
    const user = await findUser(tx, ctx, id);
    // One's own password is changed with the current one (Change password), never reset around it.
    if (user.id === ctx.userId) throw new SafeError('cannotResetOwnPassword');
    await tx.user.update({
      where: { id_tenantId: { id, tenantId: ctx.tenantId } },
      data: { passwordHash, sessionsValidAfter: new Date() },
    });
    await writeAudit(tx, ctx, {
      action: 'user.passwordReset',
      targetType: 'user',
      targetId: id,
      targetName: user.name,
      before: null,
      after: null,
    });
    return user.email;
  });
  // The user is about to sign in with the new password; earlier failures must not keep them waiting.
  await clearFailures(db(), { kind: 'account', value: email });
}

export async function removeUser(ctx: TenantContext, id: string): Promise<void> {
  await db().$transaction(async (tx) => {
    await lockTenantUsers(tx, ctx);
    const user = await findUser(tx, ctx, id);
    if (user.id === ctx.userId) throw new SafeError('cannotRemoveSelf');
    if (user.role === 'GLOBAL_ADMINISTRATOR') await assertAnotherGlobalAdministrator(tx, ctx, id);
    // Without the row every session of the user is void (lib/auth/session.ts finds no user). Rules they
    // created or edited keep existing (createdBy/updatedBy are set to null).
    await tx.user.delete({ where: { id_tenantId: { id, tenantId: ctx.tenantId } } });
    await writeAudit(tx, ctx, {
      action: 'user.removed',
      targetType: 'user',
      targetId: id,
      targetName: user.name,
      before: snapshot(user),
      after: null,
    });
  });
}

// The caller's own password. A wrong current password counts toward the sign-in throttle of the account,
// so this form cannot be used to guess the password of a session left open.
export async function changeOwnPassword(
  ctx: TenantContext,
  input: { currentPassword: string; newPassword: string },
): Promise<void> {
  const user = await findUser(db(), ctx, ctx.userId);
  const keys: ThrottleKey[] = [{ kind: 'account', value: user.email }];
  if (!(await reserveAttempt(db(), keys)).allowed) throw new SafeError('passwordAttemptsThrottled');

  const valid = user.passwordHash ? await verifyPassword(input.currentPassword, user.passwordHash) : false;
  if (!valid) {
    // Counted as a failure when the attempt was reserved.
    throw new SafeError('wrongCurrentPassword', undefined, { currentPassword: 'wrongCurrentPassword' });
  }

  const passwordHash = await hashPassword(input.newPassword);
  await db().$transaction(async (tx) => {
    // Every session issued until now is void, this browser's too; the action signs it in again.
    await tx.user.update({
      where: { id_tenantId: { id: user.id, tenantId: ctx.tenantId } },
      data: { passwordHash, sessionsValidAfter: new Date() },
    });
    await writeAudit(tx, ctx, {
      action: 'user.passwordChanged',
      targetType: 'user',
      targetId: user.id,
      targetName: user.name,
      before: null,
      after: null,
    });
  });
  await settleSuccess(db(), keys);
}

// The caller's own language, which follows them to other browsers.
export async function setOwnLanguage(ctx: TenantContext, language: Language): Promise<void> {
  await db().user.update({ where: { id_tenantId: { id: ctx.userId, tenantId: ctx.tenantId } }, data: { language } });
}

// Voids every session of the caller issued until now (lib/auth/session.ts checks sessionsValidAfter on
// every request), this browser's included.
export async function endOwnSessions(ctx: TenantContext): Promise<void> {
  await db().user.update({
    where: { id_tenantId: { id: ctx.userId, tenantId: ctx.tenantId } },
    data: { sessionsValidAfter: new Date() },
  });
}

// The language of the account that has just signed in. There is no tenant context yet: sign-in knows the
// account by its email alone, which is unique across organizations.
export async function languageOfAccount(email: string): Promise<Language | null> {
  const user = await db().user.findUnique({ where: { email }, select: { language: true } });
  return user?.language ?? null;
}
