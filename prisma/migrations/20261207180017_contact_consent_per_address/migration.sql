-- Search index (app/lib/search/sqlite-fts.server.ts): Contact rebuilt below, so the
-- search triggers are dropped first and recreated, with the affected indexes, at the end.
DROP TRIGGER IF EXISTS "search_ticket_after_insert";
DROP TRIGGER IF EXISTS "search_ticket_after_update";
DROP TRIGGER IF EXISTS "search_ticket_after_delete";
DROP TRIGGER IF EXISTS "search_message_after_insert";
DROP TRIGGER IF EXISTS "search_message_after_update";
DROP TRIGGER IF EXISTS "search_message_after_delete";
DROP TRIGGER IF EXISTS "search_contact_after_insert";
DROP TRIGGER IF EXISTS "search_contact_after_update";
DROP TRIGGER IF EXISTS "search_contact_after_delete";
DROP TRIGGER IF EXISTS "search_contact_contactemail_after_insert";
DROP TRIGGER IF EXISTS "search_contact_contactemail_after_update";
DROP TRIGGER IF EXISTS "search_contact_contactemail_after_delete";
DROP TRIGGER IF EXISTS "search_company_after_insert";
DROP TRIGGER IF EXISTS "search_company_after_update";
DROP TRIGGER IF EXISTS "search_company_after_delete";
DROP TRIGGER IF EXISTS "search_company_companydomain_after_insert";
DROP TRIGGER IF EXISTS "search_company_companydomain_after_update";
DROP TRIGGER IF EXISTS "search_company_companydomain_after_delete";

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Contact" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "firstName" TEXT NOT NULL DEFAULT '',
    "lastName" TEXT NOT NULL DEFAULT '',
    "jobTitle" TEXT NOT NULL DEFAULT '',
    "phone" TEXT NOT NULL DEFAULT '',
    "language" TEXT NOT NULL DEFAULT 'fr',
    "companyId" TEXT,
    "portalAccess" BOOLEAN NOT NULL DEFAULT true,
    "companyManager" BOOLEAN NOT NULL DEFAULT false,
    "portalPasswordHash" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Contact_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Contact" ("companyId", "companyManager", "createdAt", "firstName", "id", "jobTitle", "language", "lastName", "phone", "portalAccess", "portalPasswordHash", "updatedAt") SELECT "companyId", "companyManager", "createdAt", "firstName", "id", "jobTitle", "language", "lastName", "phone", "portalAccess", "portalPasswordHash", "updatedAt" FROM "Contact";
DROP TABLE "Contact";
ALTER TABLE "new_Contact" RENAME TO "Contact";
CREATE INDEX "Contact_companyId_idx" ON "Contact"("companyId");
CREATE INDEX "Contact_lastName_firstName_idx" ON "Contact"("lastName", "firstName");
CREATE INDEX "Contact_updatedAt_id_idx" ON "Contact"("updatedAt", "id");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- Search index: triggers back, and the documents of the rebuilt tables indexed again.
CREATE TRIGGER "search_ticket_after_insert" AFTER INSERT ON "Ticket" BEGIN
  INSERT INTO "search_ticket"(rowid, subject) VALUES (new.rowid, new."subject");
END;

CREATE TRIGGER "search_ticket_after_update" AFTER UPDATE OF "subject" ON "Ticket" WHEN old."subject" IS NOT new."subject" BEGIN
  DELETE FROM "search_ticket" WHERE rowid = old.rowid;
  INSERT INTO "search_ticket"(rowid, subject) VALUES (new.rowid, new."subject");
END;

CREATE TRIGGER "search_ticket_after_delete" AFTER DELETE ON "Ticket" BEGIN
  DELETE FROM "search_ticket" WHERE rowid = old.rowid;
END;

CREATE TRIGGER "search_message_after_insert" AFTER INSERT ON "Message" BEGIN
  INSERT INTO "search_message"(rowid, body) VALUES (new.rowid, new."bodyText");
END;

CREATE TRIGGER "search_message_after_update" AFTER UPDATE OF "bodyText" ON "Message" WHEN old."bodyText" IS NOT new."bodyText" BEGIN
  DELETE FROM "search_message" WHERE rowid = old.rowid;
  INSERT INTO "search_message"(rowid, body) VALUES (new.rowid, new."bodyText");
END;

CREATE TRIGGER "search_message_after_delete" AFTER DELETE ON "Message" BEGIN
  DELETE FROM "search_message" WHERE rowid = old.rowid;
END;

CREATE TRIGGER "search_contact_after_insert" AFTER INSERT ON "Contact" BEGIN
  INSERT INTO "search_contact"(rowid, name, emails) SELECT s.rowid, trim(s."firstName" || ' ' || s."lastName"), (SELECT group_concat(e."address", ' ') FROM "ContactEmail" e WHERE e."contactId" = s."id") FROM "Contact" s WHERE s.rowid = new.rowid;
END;

CREATE TRIGGER "search_contact_after_update" AFTER UPDATE OF "firstName", "lastName" ON "Contact" WHEN old."firstName" IS NOT new."firstName" OR old."lastName" IS NOT new."lastName" BEGIN
  DELETE FROM "search_contact" WHERE rowid = old.rowid;
  INSERT INTO "search_contact"(rowid, name, emails) SELECT s.rowid, trim(s."firstName" || ' ' || s."lastName"), (SELECT group_concat(e."address", ' ') FROM "ContactEmail" e WHERE e."contactId" = s."id") FROM "Contact" s WHERE s.rowid = new.rowid;
END;

CREATE TRIGGER "search_contact_after_delete" AFTER DELETE ON "Contact" BEGIN
  DELETE FROM "search_contact" WHERE rowid = old.rowid;
END;

CREATE TRIGGER "search_contact_contactemail_after_insert" AFTER INSERT ON "ContactEmail" BEGIN
  DELETE FROM "search_contact" WHERE rowid = (SELECT rowid FROM "Contact" WHERE "id" = new."contactId");
  INSERT INTO "search_contact"(rowid, name, emails) SELECT s.rowid, trim(s."firstName" || ' ' || s."lastName"), (SELECT group_concat(e."address", ' ') FROM "ContactEmail" e WHERE e."contactId" = s."id") FROM "Contact" s WHERE s."id" = new."contactId";
END;

CREATE TRIGGER "search_contact_contactemail_after_update" AFTER UPDATE OF "address", "contactId" ON "ContactEmail" WHEN old."address" IS NOT new."address" OR old."contactId" IS NOT new."contactId" BEGIN
  DELETE FROM "search_contact" WHERE rowid = (SELECT rowid FROM "Contact" WHERE "id" = old."contactId");
  INSERT INTO "search_contact"(rowid, name, emails) SELECT s.rowid, trim(s."firstName" || ' ' || s."lastName"), (SELECT group_concat(e."address", ' ') FROM "ContactEmail" e WHERE e."contactId" = s."id") FROM "Contact" s WHERE s."id" = old."contactId";
  DELETE FROM "search_contact" WHERE rowid = (SELECT rowid FROM "Contact" WHERE "id" = new."contactId");
  INSERT INTO "search_contact"(rowid, name, emails) SELECT s.rowid, trim(s."firstName" || ' ' || s."lastName"), (SELECT group_concat(e."address", ' ') FROM "ContactEmail" e WHERE e."contactId" = s."id") FROM "Contact" s WHERE s."id" = new."contactId";
END;

CREATE TRIGGER "search_contact_contactemail_after_delete" AFTER DELETE ON "ContactEmail" BEGIN
  DELETE FROM "search_contact" WHERE rowid = (SELECT rowid FROM "Contact" WHERE "id" = old."contactId");
  INSERT INTO "search_contact"(rowid, name, emails) SELECT s.rowid, trim(s."firstName" || ' ' || s."lastName"), (SELECT group_concat(e."address", ' ') FROM "ContactEmail" e WHERE e."contactId" = s."id") FROM "Contact" s WHERE s."id" = old."contactId";
END;

CREATE TRIGGER "search_company_after_insert" AFTER INSERT ON "Company" BEGIN
  INSERT INTO "search_company"(rowid, name, domains) SELECT s.rowid, s."name", (SELECT group_concat(d."domain", ' ') FROM "CompanyDomain" d WHERE d."companyId" = s."id") FROM "Company" s WHERE s.rowid = new.rowid;
END;

CREATE TRIGGER "search_company_after_update" AFTER UPDATE OF "name" ON "Company" WHEN old."name" IS NOT new."name" BEGIN
  DELETE FROM "search_company" WHERE rowid = old.rowid;
  INSERT INTO "search_company"(rowid, name, domains) SELECT s.rowid, s."name", (SELECT group_concat(d."domain", ' ') FROM "CompanyDomain" d WHERE d."companyId" = s."id") FROM "Company" s WHERE s.rowid = new.rowid;
END;

CREATE TRIGGER "search_company_after_delete" AFTER DELETE ON "Company" BEGIN
  DELETE FROM "search_company" WHERE rowid = old.rowid;
END;

CREATE TRIGGER "search_company_companydomain_after_insert" AFTER INSERT ON "CompanyDomain" BEGIN
  DELETE FROM "search_company" WHERE rowid = (SELECT rowid FROM "Company" WHERE "id" = new."companyId");
  INSERT INTO "search_company"(rowid, name, domains) SELECT s.rowid, s."name", (SELECT group_concat(d."domain", ' ') FROM "CompanyDomain" d WHERE d."companyId" = s."id") FROM "Company" s WHERE s."id" = new."companyId";
END;

CREATE TRIGGER "search_company_companydomain_after_update" AFTER UPDATE OF "domain", "companyId" ON "CompanyDomain" WHEN old."domain" IS NOT new."domain" OR old."companyId" IS NOT new."companyId" BEGIN
  DELETE FROM "search_company" WHERE rowid = (SELECT rowid FROM "Company" WHERE "id" = old."companyId");
  INSERT INTO "search_company"(rowid, name, domains) SELECT s.rowid, s."name", (SELECT group_concat(d."domain", ' ') FROM "CompanyDomain" d WHERE d."companyId" = s."id") FROM "Company" s WHERE s."id" = old."companyId";
  DELETE FROM "search_company" WHERE rowid = (SELECT rowid FROM "Company" WHERE "id" = new."companyId");
  INSERT INTO "search_company"(rowid, name, domains) SELECT s.rowid, s."name", (SELECT group_concat(d."domain", ' ') FROM "CompanyDomain" d WHERE d."companyId" = s."id") FROM "Company" s WHERE s."id" = new."companyId";
END;

CREATE TRIGGER "search_company_companydomain_after_delete" AFTER DELETE ON "CompanyDomain" BEGIN
  DELETE FROM "search_company" WHERE rowid = (SELECT rowid FROM "Company" WHERE "id" = old."companyId");
  INSERT INTO "search_company"(rowid, name, domains) SELECT s.rowid, s."name", (SELECT group_concat(d."domain", ' ') FROM "CompanyDomain" d WHERE d."companyId" = s."id") FROM "Company" s WHERE s."id" = old."companyId";
END;
INSERT INTO "search_contact"("search_contact") VALUES ('delete-all');
INSERT INTO "search_contact"(rowid, name, emails) SELECT s.rowid, trim(s."firstName" || ' ' || s."lastName"), (SELECT group_concat(e."address", ' ') FROM "ContactEmail" e WHERE e."contactId" = s."id") FROM "Contact" s WHERE 1;
INSERT INTO "search_contact"("search_contact") VALUES ('optimize');
