import { createApiGateway, type ApiGateway } from "../gateway.server";
import type { ApiEndpoint } from "../endpoint.server";
import { ticketEndpoints } from "./tickets.server";

/** Every operation of /api/v1, in the order the reference lists them. */
export const apiEndpoints: readonly ApiEndpoint[] = [...ticketEndpoints];

let gateway: ApiGateway | null = null;

/** The gateway of /api/v1 (one per process). */
export function publicApiGateway(): ApiGateway {
  gateway ??= createApiGateway(apiEndpoints);
  return gateway;
}
