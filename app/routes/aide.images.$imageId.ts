import type { LoaderFunctionArgs } from "@remix-run/node";
import { can } from "~/domain/identity/permissions";
import { findServableImage } from "~/domain/knowledge/images.server";
import { getCurrentUser } from "~/lib/auth.server";
import { articleImageResponse } from "~/lib/knowledge-image-response.server";

const notFound = () => new Response("Not Found", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });

/**
 * An image of the knowledge base: to anyone once a published public article shows it, to staff
 * who read the knowledge base otherwise; everyone else gets the same 404 as for an unknown id.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await getCurrentUser(request);
  const image = await findServableImage(params.imageId ?? "", { readsKnowledge: user !== null && can(user, "read:knowledge") });
  if (!image) throw notFound();
  return articleImageResponse(request, image);
}
