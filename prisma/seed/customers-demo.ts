/**
 * The demo workspace's deliberate duplicates, so the Clients › Doublons page has something to
 * show (and the merge something to do):
 *
 * - Daniel O'Connor wrote once from "danieloconnor.dordogne@gmail.com" (Gmail ignores the dots)
 *   and left his mobile in the French national format: same address, same phone;
 * - the boss of Menuiserie Aubert was also typed in by hand after a phone call, in capitals and
 *   without accents, with a personal address: same name in the same company;
 * - "BOULANGERIE-PATISSERIE LEMOINE SARL" was created from an old invoice, with the website of
 *   Boulangerie Pâtisserie Lemoine and one contact: same name (legal form aside), same domain.
 *
 * Added to the plan before it is written, so the summary counts them; deterministic for a given
 * `now`, ids included, like the rest of the demo.
 */
import type { DemoWorkspace } from "./demo-workspace.ts";

const DAY = 24 * 60 * 60 * 1000;

/** cuid-shaped ids from their own seeded stream (mulberry32), stable across runs. */
function idStream(seed: number): () => string {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return () => {
    let id = "c";
    for (let i = 0; i < 24; i++) id += Math.floor(next() * 36).toString(36);
    return id;
  };
}

/** "Jean-Marc Lévêque" → "JEAN MARC LEVEQUE" */
function typedInCapitals(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/-/g, " ")
    .toUpperCase();
}

/** "+33 6 12 34 56 78" → "06.12.34.56.78" */
function nationalFormat(phone: string): string {
  const digits = phone.replace(/\D/g, "");
  if (!digits.startsWith("33") || digits.length !== 11) return phone;
  return `0${digits.slice(2)}`.replace(/(\d{2})(?=\d)/g, "$1.");
}

function slug(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "");
}

type Contact = DemoWorkspace["contacts"][number];

/** Adds the duplicate records to the plan (and returns it). */
export function withDemoDuplicates(plan: DemoWorkspace, now: Date = new Date()): DemoWorkspace {
  const newId = idStream(0xd0_0b_1e);
  const at = (daysAgo: number) => new Date(Math.floor((now.getTime() - daysAgo * DAY) / 1000) * 1000);
  const contactOf = (address: string) => plan.contacts.find((contact) => plan.contactEmails.some((email) => email.contactId === contact.id && email.address === address));
  const addContact = (contact: Omit<Contact, "id">, emails: string[]) => {
    const id = newId();
    plan.contacts.push({ ...contact, id });
    emails.forEach((address, index) => plan.contactEmails.push({ id: newId(), address, isPrimary: index === 0, contactId: id }));
    return id;
  };
  const blank = { jobTitle: "", language: "fr", marketingConsent: false, consentAt: null, consentSource: "", companyManager: false };

  // 1. The same person through a second Gmail spelling, with the same mobile written the French way
  //    (created from his mail, so with the default language).
  const daniel = contactOf("daniel.oconnor.dordogne@gmail.com");
  if (daniel) {
    addContact(
      { ...blank, firstName: "Dan", lastName: "O'Connor", phone: nationalFormat(daniel.phone), companyId: null, createdAt: at(21), updatedAt: at(21) },
      ["danieloconnor.dordogne@gmail.com"],
    );
  }

  // 2. The boss of Menuiserie Aubert, typed in again after a phone call.
  const aubert = plan.companies.find((company) => company.name === "Menuiserie Aubert");
  const boss = aubert && plan.contacts.find((contact) => contact.companyId === aubert.id);
  if (aubert && boss) {
    addContact(
      {
        ...blank,
        firstName: typedInCapitals(boss.firstName),
        lastName: typedInCapitals(boss.lastName),
        jobTitle: boss.jobTitle,
        phone: "",
        companyId: aubert.id,
        createdAt: at(34),
        updatedAt: at(34),
      },
      [`${slug(boss.firstName)}.${slug(boss.lastName)}.pro@gmail.com`],
    );
  }

  // 3. The bakery created a second time from an old invoice.
  const lemoine = plan.companies.find((company) => company.name === "Boulangerie Pâtisserie Lemoine");
  if (lemoine) {
    const companyId = newId();
    plan.companies.push({
      ...lemoine,
      id: companyId,
      name: "BOULANGERIE-PATISSERIE LEMOINE SARL",
      size: "1-9",
      street: "3 pl. du Marché",
      phone: "",
      website: lemoine.website.replace("https://www.", "http://"),
      notes: "Fiche créée depuis une ancienne facture.",
      ownerId: null,
      createdAt: at(48),
      updatedAt: at(48),
    });
    addContact(
      { ...blank, firstName: "Jacques", lastName: "Lemoine", jobTitle: "Gérant", phone: "", companyId, createdAt: at(48), updatedAt: at(48) },
      ["jacques.lemoine.boulangerie@wanadoo.fr"],
    );
  }
  return plan;
}
