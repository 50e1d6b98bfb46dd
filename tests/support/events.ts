import { latestEventPosition, readEventsAfter, recordEvents } from "~/domain/event-store.server";
import type { DurableConsumer } from "~/domain/event-consumers.server";
import type { DomainEventName, DomainEvents, StoredEvent } from "~/domain/events.server";
import { startEventDispatcher, type EventDispatcher } from "../../server/workers/event-dispatcher.ts";

/**
 * An event dispatcher for a test file without the app server: hands the stream to this
 * process's onDomainEvent listeners and runs the given durable consumers. `drain()` waits until
 * every event committed so far was handled, so a test asserts right after it.
 */
export function startTestDispatcher(consumers: readonly DurableConsumer[] = []): Promise<EventDispatcher> {
  return startEventDispatcher({ consumers, pollMs: 50, owner: `test-${process.pid}` });
}

/** Records one event as a command would (for listeners' tests: an SLA deadline, an intervention). */
export function recordTestEvent<Name extends DomainEventName>(name: Name, payload: DomainEvents[Name]): Promise<void> {
  return recordEvents((events) => events.record(name, payload));
}

/**
 * Watches the durable stream from now on: `read()` returns the events recorded since (in order),
 * only those of the given names when names are given. What a command recorded is what every
 * listener, consumer and webhook will see.
 */
export async function watchEvents() {
  const from = await latestEventPosition();
  return {
    async read<Name extends DomainEventName>(...names: Name[]): Promise<Array<{ [N in Name]: StoredEvent<N> }[Name]>> {
      const events = await readEventsAfter(from, { limit: 10_000, ...(names.length > 0 ? { names } : {}) });
      return events as Array<{ [N in Name]: StoredEvent<N> }[Name]>;
    },
  };
}
