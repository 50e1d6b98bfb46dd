/**
 * Consumer mail providers: an address there says nothing about the sender's company, so no
 * company is created or matched from these domains.
 */
export const freeMailDomains = new Set([
  "gmail.com", "googlemail.com", "yahoo.com", "yahoo.fr", "hotmail.com", "hotmail.fr", "outlook.com", "outlook.fr",
  "live.com", "live.fr", "msn.com", "icloud.com", "me.com", "mac.com", "aol.com", "gmx.com", "gmx.fr", "proton.me",
  "protonmail.com", "orange.fr", "wanadoo.fr", "free.fr", "sfr.fr", "neuf.fr", "laposte.net", "bbox.fr", "numericable.fr",
  "club-internet.fr", "aliceadsl.fr", "yandex.com", "mail.com", "zoho.com",
]);

export function emailDomain(address: string): string {
  return address.slice(address.lastIndexOf("@") + 1).toLowerCase();
}

export function isFreeMailDomain(domain: string): boolean {
  return freeMailDomains.has(domain.toLowerCase());
}
