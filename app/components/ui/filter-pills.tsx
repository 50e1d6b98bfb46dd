import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { cn } from "./cn";

/** The look of a pill in a row of views or filters; `current` is the one shown. */
export function pillClasses(current: boolean): string {
  return cn(
    "inline-flex items-center gap-2 rounded-full px-3 py-1.5 text-sm font-medium ring-1 ring-inset",
    "focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600",
    current ? "bg-brand-600 text-white ring-brand-600" : "bg-white text-slate-700 ring-slate-300 hover:bg-slate-50",
  );
}

export type FilterPill = { key: string; to: string; label: ReactNode; current: boolean; count?: ReactNode; countTestId?: string };

/** A row of links to the views of a list, the current one marked for screen readers too. */
export function FilterPills({ label, pills, className }: { label: string; pills: FilterPill[]; className?: string }) {
  return (
    <nav className={cn("flex flex-wrap gap-2", className)} aria-label={label}>
      {pills.map((pill) => (
        <Link key={pill.key} to={pill.to} aria-current={pill.current ? "page" : undefined} className={pillClasses(pill.current)}>
          {pill.label}
          {pill.count !== undefined ? (
            <span className="tabular-nums opacity-80" data-testid={pill.countTestId}>
              {pill.count}
            </span>
          ) : null}
        </Link>
      ))}
    </nav>
  );
}
