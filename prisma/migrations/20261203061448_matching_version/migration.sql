-- CreateTable
CREATE TABLE "MatchingVersion" (
    "tenantId" UUID NOT NULL,
    "version" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "MatchingVersion_pkey" PRIMARY KEY ("tenantId")
);

-- Any change to what ingest matches incidents against moves the tenant's version, in the changing
-- transaction itself: a process that sees the same version as when it loaded its copy knows the copy is
-- current, whichever process (or psql session) made the change.
-- Versions come from one sequence rather than counting up per tenant, so a number is never reused, even
-- after the table is emptied.
CREATE SEQUENCE "matching_version_seq";

CREATE FUNCTION "bump_matching_version"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  row_data jsonb := to_jsonb(COALESCE(NEW, OLD));
  tenant uuid := COALESCE(row_data->>'tenantId', CASE WHEN TG_TABLE_NAME = 'Tenant' THEN row_data->>'id' END)::uuid;
BEGIN
  INSERT INTO "MatchingVersion" ("tenantId", "version") VALUES (tenant, nextval('matching_version_seq'))
  ON CONFLICT ("tenantId") DO UPDATE SET "version" = EXCLUDED."version";
  RETURN NULL;
END
$$;

CREATE TRIGGER "Tenant_bump_matching_version" AFTER UPDATE ON "Tenant" FOR EACH ROW EXECUTE FUNCTION "bump_matching_version"();
CREATE TRIGGER "User_bump_matching_version" AFTER INSERT OR UPDATE OR DELETE ON "User" FOR EACH ROW EXECUTE FUNCTION "bump_matching_version"();
CREATE TRIGGER "DeviceGroup_bump_matching_version" AFTER INSERT OR UPDATE OR DELETE ON "DeviceGroup" FOR EACH ROW EXECUTE FUNCTION "bump_matching_version"();
CREATE TRIGGER "RbacRole_bump_matching_version" AFTER INSERT OR UPDATE OR DELETE ON "RbacRole" FOR EACH ROW EXECUTE FUNCTION "bump_matching_version"();
CREATE TRIGGER "RbacRoleDeviceGroup_bump_matching_version" AFTER INSERT OR UPDATE OR DELETE ON "RbacRoleDeviceGroup" FOR EACH ROW EXECUTE FUNCTION "bump_matching_version"();
CREATE TRIGGER "UserRbacRole_bump_matching_version" AFTER INSERT OR UPDATE OR DELETE ON "UserRbacRole" FOR EACH ROW EXECUTE FUNCTION "bump_matching_version"();
CREATE TRIGGER "NotificationRule_bump_matching_version" AFTER INSERT OR UPDATE OR DELETE ON "NotificationRule" FOR EACH ROW EXECUTE FUNCTION "bump_matching_version"();
CREATE TRIGGER "RuleDeviceGroup_bump_matching_version" AFTER INSERT OR UPDATE OR DELETE ON "RuleDeviceGroup" FOR EACH ROW EXECUTE FUNCTION "bump_matching_version"();
CREATE TRIGGER "RuleSourceFilter_bump_matching_version" AFTER INSERT OR UPDATE OR DELETE ON "RuleSourceFilter" FOR EACH ROW EXECUTE FUNCTION "bump_matching_version"();
CREATE TRIGGER "RuleRecipient_bump_matching_version" AFTER INSERT OR UPDATE OR DELETE ON "RuleRecipient" FOR EACH ROW EXECUTE FUNCTION "bump_matching_version"();
