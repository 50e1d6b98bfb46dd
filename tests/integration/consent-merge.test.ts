import { describe, expect, it } from "vitest";
import { mergeContacts } from "~/domain/customers/merge.server";
import { transactionWithEvents } from "~/domain/event-store.server";
import { changeConsent, type ConsentChangeInput } from "~/domain/marketing/consent/consent-changes.server";
import { segmentContactIds } from "~/domain/marketing/segments/segment-evaluation.server";
import { db } from "~/lib/db.server";
import { aContact } from "../support/customers-factories.ts";
import { aUser } from "../support/factories.ts";

/**
 * A suppression belongs to the address: it follows the address through a contact merge (with its
 * history), and survives the contact's deletion, its re-creation and a re-import.
 */

const change = (input: ConsentChangeInput) => transactionWithEvents((tx, events) => changeConsent(tx, events, input));
const suppressed = { match: "all" as const, groups: [{ match: "all" as const, conditions: [{ kind: "marketing.consentState", params: { states: ["unsubscribed"] } }] }] };

describe("consent across merges and re-creations", () => {
  it("moves the merged contact's consent and history to the kept contact, the suppression intact", async () => {
    const marketer = await aUser({ role: "marketing" });
    const stamp = Date.now();
    const kept = await aContact({ firstName: "Marie", lastName: "Dupont", emails: [`marie.${stamp}@fusion.test`] });
    const merged = await aContact({ firstName: "Marie", lastName: "D.", emails: [`m.dupont.${stamp}@perso.test`] });
    const mergedAddress = `m.dupont.${stamp}@perso.test`;
    expect(await change({ address: mergedAddress, state: "opt_in", source: "form", actorId: null })).toBe("changed");
    expect(await change({ address: mergedAddress, state: "unsubscribed", source: "unsubscribe", note: "Plus intéressée", actorId: null })).toBe("changed");
    await change({ address: `marie.${stamp}@fusion.test`, state: "b2b_interest", source: "manual", basis: "Cliente", actorId: marketer.id });

    await mergeContacts({ keepId: kept.id, mergeId: merged.id, actorId: marketer.id });

    expect(await db().marketingConsent.findUniqueOrThrow({ where: { address: mergedAddress } })).toMatchObject({ contactId: kept.id, state: "unsubscribed" });
    const history = await db().marketingConsentChange.findMany({ where: { address: mergedAddress }, orderBy: { at: "asc" } });
    expect(history.map((line) => [line.state, line.contactId])).toEqual([
      ["opt_in", kept.id],
      ["unsubscribed", kept.id],
    ]);
    // The kept contact's own (primary) address keeps its consent; the moved address stays suppressed.
    expect((await db().marketingConsent.findUniqueOrThrow({ where: { address: `marie.${stamp}@fusion.test` } })).state).toBe("b2b_interest");
    // A re-import of the moved address never lifts its suppression.
    expect(await change({ address: mergedAddress, state: "opt_in", source: "import", basis: "Fichier salon", actorId: marketer.id })).toBe("suppressed");
    expect((await db().marketingConsent.findUniqueOrThrow({ where: { address: mergedAddress } })).state).toBe("unsubscribed");
  });

  it("keeps the suppression when the contact is deleted and created again with the same address", async () => {
    const stamp = Date.now();
    const address = `paul.${stamp}@exemple.test`;
    const first = await aContact({ firstName: "Paul", emails: [address] });
    await change({ address, state: "bounced", source: "bounce", note: "550 5.1.1", actorId: null });
    await db().contact.delete({ where: { id: first.id } });
    expect((await db().marketingConsent.findUniqueOrThrow({ where: { address } })).state).toBe("bounced");

    const again = await aContact({ firstName: "Paul", emails: [address] });
    expect(await change({ address, state: "opt_in", source: "import", basis: "Import CRM", actorId: null })).toBe("suppressed");
    expect(await change({ address, state: "opt_in", source: "api", actorId: null })).toBe("suppressed");
    expect((await db().marketingConsent.findUniqueOrThrow({ where: { address } })).state).toBe("bounced");
    // Only the person themselves lifts it (an explicit opt-in on the form), and the history says so.
    expect(await change({ address, state: "opt_in", source: "form", actorId: null })).toBe("changed");
    const history = await db().marketingConsentChange.findMany({ where: { address }, orderBy: { at: "asc" } });
    expect(history.map((line) => `${line.previousState ?? "∅"}→${line.state}:${line.source}`)).toEqual(["∅→bounced:bounce", "bounced→opt_in:form"]);
    expect(history[1].contactId).toBe(again.id);
    expect(await segmentContactIds(suppressed, { afterId: null, limit: 1000 })).not.toContain(again.id);
  });
});
