/**
 * Wakes this process's outbox sender at once when mail was queued (it also polls every few
 * seconds, and wakes on the events that usually come with mail). A signal, not a domain event:
 * nothing happened to the business, the sender just need not wait.
 *
 * On globalThis: the server entry and the Remix build load separate copies of this module.
 */
const wakeKey = Symbol.for("comptoir.outboxWake");
type GlobalWithWake = typeof globalThis & { [wakeKey]?: Set<() => void> };

function listeners(): Set<() => void> {
  const store = globalThis as GlobalWithWake;
  store[wakeKey] ??= new Set();
  return store[wakeKey];
}

export function wakeOutboxSender(): void {
  for (const wake of listeners()) wake();
}

export function onOutboxWake(wake: () => void): () => void {
  listeners().add(wake);
  return () => listeners().delete(wake);
}
