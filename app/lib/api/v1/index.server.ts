import { createApiGateway, type ApiGateway } from "../gateway.server";
import type { ApiEndpoint } from "../endpoint.server";
import { customerEndpoints } from "./customers.server";
import { documentEndpoints } from "./documents.server";
import { importEndpoints } from "./imports.server";
import { salesEndpoints } from "./sales.server";
import { ticketEndpoints } from "./tickets.server";
import { timelineAndSearchEndpoints } from "./timeline-search.server";
import { webhookEndpoints } from "./webhooks.server";

/** Every operation of /api/v1, in the order the reference lists them. */
export const apiEndpoints: readonly ApiEndpoint[] = [...ticketEndpoints, ...customerEndpoints, ...timelineAndSearchEndpoints, ...salesEndpoints, ...documentEndpoints, ...importEndpoints, ...webhookEndpoints];

let gateway: ApiGateway | null = null;

/** The gateway of /api/v1 (one per process). */
export function publicApiGateway(): ApiGateway {
  gateway ??= createApiGateway(apiEndpoints);
  return gateway;
}
