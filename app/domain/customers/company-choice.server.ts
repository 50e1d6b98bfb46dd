import { db } from "~/lib/db.server";
import { findCompanyByTypedName } from "./company-queries.server";

/**
 * The company chosen in a form's company picker. The picker posts the chosen id (`companyId`)
 * and the text on screen (`companyName`); the text wins when they disagree, so a name typed
 * without picking a suggestion (or with JavaScript off) still finds its company. Sets `companyId`
 * in the form to the company found, or answers the field's error.
 */
export async function resolveCompanyChoice(form: FormData): Promise<{ ok: true } | { ok: false; error: "customers.contact.companyNotFound" | "customers.contact.companyAmbiguous" }> {
  const typedValue = form.get("companyName");
  if (typeof typedValue !== "string") return { ok: true }; // no picker in this form: the id stands alone
  const typed = typedValue.trim();
  if (!typed) {
    form.set("companyId", "");
    return { ok: true };
  }
  const chosenId = String(form.get("companyId") ?? "");
  if (chosenId) {
    const chosen = await db().company.findUnique({ where: { id: chosenId }, select: { name: true } });
    if (chosen && chosen.name.toLocaleLowerCase("fr") === typed.toLocaleLowerCase("fr")) return { ok: true };
  }
  const match = await findCompanyByTypedName(typed);
  if (match.kind === "one") {
    form.set("companyId", match.id);
    return { ok: true };
  }
  return { ok: false, error: match.kind === "none" ? "customers.contact.companyNotFound" : "customers.contact.companyAmbiguous" };
}
