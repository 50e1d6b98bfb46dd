-- Data step: the workspace-wide SLA policies, so that a fresh install (demo or not) has
-- first-response and resolution targets from its first ticket. Targets are business minutes
-- (one business day = 510 minutes with the default calendar, 08:30–12:30 and 13:30–18:00).
-- Administrators change them in Administration → SLA. See docs/decisions/004-sla.md.
INSERT INTO "SlaPolicy" ("id", "name", "priority", "companyId", "firstResponseMinutes", "resolutionMinutes", "active", "createdAt", "updatedAt")
SELECT 'sla_default_urgent', 'Standard · urgent', 'urgent', NULL, 60, 240, 1, strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now'), strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')
WHERE NOT EXISTS (SELECT 1 FROM "SlaPolicy" WHERE "priority" = 'urgent' AND "companyId" IS NULL);

INSERT INTO "SlaPolicy" ("id", "name", "priority", "companyId", "firstResponseMinutes", "resolutionMinutes", "active", "createdAt", "updatedAt")
SELECT 'sla_default_high', 'Standard · high', 'high', NULL, 240, 510, 1, strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now'), strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')
WHERE NOT EXISTS (SELECT 1 FROM "SlaPolicy" WHERE "priority" = 'high' AND "companyId" IS NULL);

INSERT INTO "SlaPolicy" ("id", "name", "priority", "companyId", "firstResponseMinutes", "resolutionMinutes", "active", "createdAt", "updatedAt")
SELECT 'sla_default_normal', 'Standard · normal', 'normal', NULL, 480, 1530, 1, strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now'), strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')
WHERE NOT EXISTS (SELECT 1 FROM "SlaPolicy" WHERE "priority" = 'normal' AND "companyId" IS NULL);

INSERT INTO "SlaPolicy" ("id", "name", "priority", "companyId", "firstResponseMinutes", "resolutionMinutes", "active", "createdAt", "updatedAt")
SELECT 'sla_default_low', 'Standard · low', 'low', NULL, 510, 2550, 1, strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now'), strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')
WHERE NOT EXISTS (SELECT 1 FROM "SlaPolicy" WHERE "priority" = 'low' AND "companyId" IS NULL);
