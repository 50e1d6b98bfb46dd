import { can } from "~/domain/identity/permissions";
import { webhookEndpointName } from "~/domain/webhooks/webhook-events";
import { db } from "~/lib/db.server";

/**
 * What the rule form offers: groups, people (those who may be assigned tickets, and everyone
 * active for notices and deal owners), pipeline stages, canned replies and webhook endpoints. Small lists.
 */
export async function ruleFormChoices() {
  const [groups, users, stages, replies, endpoints] = await Promise.all([
    db().group.findMany({ orderBy: { name: "asc" }, select: { id: true, name: true } }),
    db().user.findMany({ where: { active: true }, orderBy: { name: "asc" }, select: { id: true, name: true, role: true, restrictToGroups: true } }),
    db().pipelineStage.findMany({ where: { active: true }, orderBy: { position: "asc" }, select: { id: true, name: true } }),
    db().cannedReply.findMany({ orderBy: { title: "asc" }, select: { id: true, title: true } }),
    db().webhookEndpoint.findMany({ orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { id: true, description: true, url: true, active: true } }),
  ]);
  return {
    groups,
    agents: users.filter((user) => can(user, "update:ticket")).map(({ id, name }) => ({ id, name })),
    users: users.map(({ id, name }) => ({ id, name })),
    stages,
    replies,
    // Every endpoint: the form offers the active ones, and keeps showing a rule's own if it was switched off since.
    webhooks: endpoints.map((endpoint) => ({ id: endpoint.id, name: webhookEndpointName(endpoint), active: endpoint.active })),
  };
}

export type RuleFormChoices = Awaited<ReturnType<typeof ruleFormChoices>>;
