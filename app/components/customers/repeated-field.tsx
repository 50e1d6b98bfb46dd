import { type ReactNode, useEffect, useId, useRef, useState } from "react";
import { useI18n } from "../i18n";
import { Button } from "../ui/button";

type Row = { key: number; value: string; initialIndex: number | null };

/**
 * A list of same-kind inputs (a contact's e-mail addresses, a company's domains) submitted under
 * one repeated name, with an optional "primary" radio. Errors come per position ("emails.2").
 * There is always one empty line to type a new value; with JavaScript, lines can be added and
 * removed.
 */
export function RepeatedTextField({
  name,
  legend,
  hint,
  itemLabel,
  addLabel,
  type = "text",
  initial,
  errorFor,
  primary,
  autoComplete = "off",
}: {
  name: string;
  legend: string;
  hint?: string;
  itemLabel: (position: number) => string;
  addLabel: string;
  type?: string;
  initial: string[];
  errorFor: (index: number) => ReactNode | null;
  primary?: { name: string; initialIndex: number; label: string; describe: (position: number) => string };
  autoComplete?: string;
}) {
  const { t } = useI18n();
  const id = useId();
  const nextKey = useRef(initial.length + 1);
  const [rows, setRows] = useState<Row[]>(() => [
    ...initial.map((value, index) => ({ key: index, value, initialIndex: index })),
    ...(initial.length === 0 || initial[initial.length - 1].trim() !== "" ? [{ key: initial.length, value: "", initialIndex: null }] : []),
  ]);
  const [primaryKey, setPrimaryKey] = useState<number | null>(() => (primary ? (rows[primary.initialIndex]?.key ?? rows[0]?.key ?? null) : null));
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);

  const add = () => {
    const key = nextKey.current++;
    setRows((current) => [...current, { key, value: "", initialIndex: null }]);
    requestAnimationFrame(() => document.getElementById(`${id}-${key}`)?.focus());
  };
  const remove = (key: number) => {
    const remaining = rows.filter((row) => row.key !== key);
    const next = remaining.length > 0 ? remaining : [{ key: nextKey.current++, value: "", initialIndex: null }];
    setRows(next);
    if (primaryKey === key) setPrimaryKey(next[0].key);
  };

  return (
    <fieldset className="space-y-2" aria-describedby={hint ? `${id}-hint` : undefined}>
      <legend className="text-sm font-medium text-slate-800">{legend}</legend>
      {hint ? (
        <p id={`${id}-hint`} className="text-xs text-slate-500">
          {hint}
        </p>
      ) : null}
      <ul className="space-y-2">
        {rows.map((row, index) => {
          const error = row.initialIndex !== null ? errorFor(row.initialIndex) : null;
          const inputId = `${id}-${row.key}`;
          return (
            <li key={row.key}>
              <div className="flex flex-wrap items-center gap-2">
                <label htmlFor={inputId} className="sr-only">
                  {itemLabel(index + 1)}
                </label>
                <input
                  id={inputId}
                  name={name}
                  type={type}
                  defaultValue={row.value}
                  autoComplete={autoComplete}
                  aria-invalid={error ? true : undefined}
                  aria-describedby={error ? `${inputId}-error` : undefined}
                  className="block min-w-0 flex-1 rounded-md border-0 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 placeholder:text-slate-400 focus:ring-2 focus:ring-inset focus:ring-brand-600 aria-[invalid=true]:ring-red-500"
                />
                {primary ? (
                  <label className="flex items-center gap-1.5 text-sm text-slate-700">
                    <input
                      type="radio"
                      name={primary.name}
                      value={index}
                      checked={primaryKey === row.key}
                      onChange={() => setPrimaryKey(row.key)}
                      className="h-4 w-4 border-slate-300 text-brand-600 focus:ring-brand-600"
                      aria-label={primary.describe(index + 1)}
                    />
                    <span aria-hidden="true">{primary.label}</span>
                  </label>
                ) : null}
                {hydrated ? (
                  <Button type="button" variant="ghost" size="sm" onClick={() => remove(row.key)} aria-label={t("customers.contact.removeItem", { position: index + 1 })}>
                    {t("customers.contact.remove")}
                  </Button>
                ) : null}
              </div>
              {error ? (
                <p id={`${inputId}-error`} className="mt-1 text-sm text-red-700" role="alert">
                  {error}
                </p>
              ) : null}
            </li>
          );
        })}
      </ul>
      {hydrated ? (
        <Button type="button" variant="secondary" size="sm" onClick={add}>
          {addLabel}
        </Button>
      ) : null}
    </fieldset>
  );
}
