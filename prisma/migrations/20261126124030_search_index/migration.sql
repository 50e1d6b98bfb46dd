-- Full-text search (SQLite FTS5), kept in sync by triggers. Generated from
-- app/lib/search/sqlite-fts.server.ts, where the design is explained (see also docs/search.md).
-- Prisma's schema does not describe these objects: prisma migrate diff never sees them, and
-- npm run db:migration wraps any later rebuild of a source table with withSearchIndexRepair().

-- Contentless FTS5 indexes; a document's rowid is its source row's rowid.
CREATE VIRTUAL TABLE "search_ticket" USING fts5(subject, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2', prefix='3 4');
CREATE VIRTUAL TABLE "search_message" USING fts5(body, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2', prefix='3 4');
CREATE VIRTUAL TABLE "search_contact" USING fts5(name, emails, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2', prefix='3 4');
CREATE VIRTUAL TABLE "search_company" USING fts5(name, domains, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2', prefix='3 4');

-- Triggers: every insert, update and delete of the indexed text updates the index.
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

-- Index the rows that exist already.
INSERT INTO "search_ticket"("search_ticket") VALUES ('delete-all');
INSERT INTO "search_ticket"(rowid, subject) SELECT s.rowid, s."subject" FROM "Ticket" s WHERE 1;
INSERT INTO "search_ticket"("search_ticket") VALUES ('optimize');
INSERT INTO "search_message"("search_message") VALUES ('delete-all');
INSERT INTO "search_message"(rowid, body) SELECT s.rowid, s."bodyText" FROM "Message" s WHERE 1;
INSERT INTO "search_message"("search_message") VALUES ('optimize');
INSERT INTO "search_contact"("search_contact") VALUES ('delete-all');
INSERT INTO "search_contact"(rowid, name, emails) SELECT s.rowid, trim(s."firstName" || ' ' || s."lastName"), (SELECT group_concat(e."address", ' ') FROM "ContactEmail" e WHERE e."contactId" = s."id") FROM "Contact" s WHERE 1;
INSERT INTO "search_contact"("search_contact") VALUES ('optimize');
INSERT INTO "search_company"("search_company") VALUES ('delete-all');
INSERT INTO "search_company"(rowid, name, domains) SELECT s.rowid, s."name", (SELECT group_concat(d."domain", ' ') FROM "CompanyDomain" d WHERE d."companyId" = s."id") FROM "Company" s WHERE 1;
INSERT INTO "search_company"("search_company") VALUES ('optimize');
