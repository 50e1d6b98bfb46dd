import { can } from "~/domain/identity/permissions";
import { db } from "~/lib/db.server";

/**
 * What the rule form offers: groups, people (those who may be assigned tickets, and everyone
 * active for notices and deal owners), pipeline stages and canned replies. Small lists.
 */
export async function ruleFormChoices() {
  const [groups, users, stages, replies] = await Promise.all([
    db().group.findMany({ orderBy: { name: "asc" }, select: { id: true, name: true } }),
    db().user.findMany({ where: { active: true }, orderBy: { name: "asc" }, select: { id: true, name: true, role: true, restrictToGroups: true } }),
    db().pipelineStage.findMany({ where: { active: true }, orderBy: { position: "asc" }, select: { id: true, name: true } }),
    db().cannedReply.findMany({ orderBy: { title: "asc" }, select: { id: true, title: true } }),
  ]);
  return {
    groups,
    agents: users.filter((user) => can(user, "update:ticket")).map(({ id, name }) => ({ id, name })),
    users: users.map(({ id, name }) => ({ id, name })),
    stages,
    replies,
  };
}

export type RuleFormChoices = Awaited<ReturnType<typeof ruleFormChoices>>;
