/**
 * Wakes this process's webhook sender at once when deliveries were queued, replayed or an
 * endpoint reactivated (it also polls every few seconds, for retries and other processes' work).
 * A signal, not a domain event.
 *
 * On globalThis: the server entry and the Remix build load separate copies of this module.
 */
const wakeKey = Symbol.for("comptoir.webhookWake");
type GlobalWithWake = typeof globalThis & { [wakeKey]?: Set<() => void> };

function listeners(): Set<() => void> {
  const store = globalThis as GlobalWithWake;
  store[wakeKey] ??= new Set();
  return store[wakeKey];
}

export function wakeWebhookSender(): void {
  for (const wake of listeners()) wake();
}

export function onWebhookWake(wake: () => void): () => void {
  listeners().add(wake);
  return () => listeners().delete(wake);
}
