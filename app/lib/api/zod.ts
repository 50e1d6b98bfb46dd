import { extendZodWithOpenApi } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";

/**
 * zod with `.openapi()`: the public API's request and response schemas are written with this
 * `z`, so the schema that validates a request is the one its OpenAPI document describes
 * (app/lib/api/openapi.server.ts). Extending twice is a no-op, so the server entry and the Remix
 * build may both load it.
 */
extendZodWithOpenApi(z);

export { z };
