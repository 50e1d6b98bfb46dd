import { describe, expect, it } from "vitest";
import { leftoverPlaceholders, renderCannedReply, unknownPlaceholders, type CannedReplyContext } from "~/domain/helpdesk/canned-replies";

const ticket: CannedReplyContext = {
  "client.prenom": "Marie",
  "client.nom": "Dupont",
  "ticket.numero": 1042,
  "ticket.sujet": "Imprimante en erreur E05",
  "agent.nom": "Julien Moreau",
  "societe.nom": "Menuiserie Aubert",
};

describe("renderCannedReply", () => {
  it.each([
    ["every placeholder", "Bonjour {{client.prenom}} {{client.nom}}, ticket {{ticket.numero}} « {{ticket.sujet}} » — {{agent.nom}}, {{societe.nom}}", ticket, "Bonjour Marie Dupont, ticket 1042 « Imprimante en erreur E05 » — Julien Moreau, Menuiserie Aubert", [], []],
    ["spaces inside the braces", "Bonjour {{ client.prenom }},", ticket, "Bonjour Marie,", [], []],
    ["upper-case names", "Bonjour {{Client.Prenom}},", ticket, "Bonjour Marie,", [], []],
    ["the same placeholder twice", "{{agent.nom}} / {{agent.nom}}", ticket, "Julien Moreau / Julien Moreau", [], []],
    ["no placeholder", "Merci de votre patience.", ticket, "Merci de votre patience.", [], []],
    ["an unknown placeholder stays visible", "Bonjour {{client.prenon}},", ticket, "Bonjour {{client.prenon}},", ["{{client.prenon}}"], []],
    ["unknown ones are reported once", "{{x}} {{x}} {{ y.z }}", ticket, "{{x}} {{x}} {{ y.z }}", ["{{x}}", "{{ y.z }}"], []],
    ["a known placeholder without value stays visible", "Chez {{societe.nom}}", { ...ticket, "societe.nom": null }, "Chez {{societe.nom}}", [], ["societe.nom"]],
    ["an empty first name counts as missing", "Bonjour {{client.prenom}}", { ...ticket, "client.prenom": "  " }, "Bonjour {{client.prenom}}", [], ["client.prenom"]],
    ["values are trimmed", "[{{client.nom}}]", { ...ticket, "client.nom": " Dupont " }, "[Dupont]", [], []],
    ["single braces are plain text", "{client.prenom} et {{}}", ticket, "{client.prenom} et {{}}", ["{{}}"], []],
    ["values are inserted literally, never re-read as placeholders", "{{ticket.sujet}}", { ...ticket, "ticket.sujet": "Objet {{client.prenom}} $& $1" }, "Objet {{client.prenom}} $& $1", [], []],
    ["line breaks are kept", "Bonjour {{client.prenom}},\n\nCordialement,\n{{agent.nom}}", ticket, "Bonjour Marie,\n\nCordialement,\nJulien Moreau", [], []],
  ] as const)("%s", (_name, body, context, text, unknown, missing) => {
    expect(renderCannedReply(body, context)).toEqual({ text, unknown, missing });
  });

  it("accepts numbers and empty contexts", () => {
    expect(renderCannedReply("n° {{ticket.numero}}", { "ticket.numero": 7 }).text).toBe("n° 7");
    expect(renderCannedReply("{{agent.nom}}", {})).toEqual({ text: "{{agent.nom}}", unknown: [], missing: ["agent.nom"] });
  });
});

describe("placeholder checks", () => {
  it.each([
    ["Bonjour {{client.prenom}}", []],
    ["Bonjour {{client.prenon}} {{ societe.name }}", ["{{client.prenon}}", "{{ societe.name }}"]],
  ])("unknownPlaceholders(%j)", (body, expected) => {
    expect(unknownPlaceholders(body)).toEqual(expected);
  });

  it.each([
    ["Bonjour Marie", []],
    ["Bonjour {{client.prenom}}, chez {{ societe.nom }}", ["{{client.prenom}}", "{{ societe.nom }}"]],
    ["Bonjour {{inconnu}}", []],
  ])("leftoverPlaceholders(%j)", (text, expected) => {
    expect(leftoverPlaceholders(text)).toEqual(expected);
  });
});
