import { cn } from "~/components/ui/cn";
import "./article-body.css";

/**
 * An article body shown read-only. `html` must come from sanitizeArticleHtml (the loaders
 * sanitise it on the way out): it is the only HTML the staff pages insert as is.
 */
export function ArticleBodyView({ html, className }: { html: string; className?: string }) {
  return <div className={cn("article-body text-sm text-slate-800", className)} dangerouslySetInnerHTML={{ __html: html }} />;
}
