import { useFetcher } from "@remix-run/react";
import { type KeyboardEvent, useEffect, useId, useRef, useState } from "react";
import { useI18n } from "../i18n";
import { control, describedBy, FieldFrame } from "../ui/field";

export type CompanySuggestion = { id: string; name: string; city: string };

/**
 * A company field that scales to tens of thousands of companies: the agent types, matching
 * companies are offered (ARIA combobox, arrows + Enter, or a click), the chosen id travels in
 * `companyId` and the text in `companyName`. A name typed without picking, or posted without
 * JavaScript, is resolved by the server (app/domain/customers/company-choice.server.ts).
 */
export function CompanyPicker({
  label,
  defaultId,
  defaultName,
  error,
  hint,
  placeholder,
}: {
  label: string;
  defaultId: string;
  defaultName: string;
  error?: string | null;
  hint?: string;
  /** Shown while empty; by default "no company" (a contact may have none). */
  placeholder?: string;
}) {
  const { t } = useI18n();
  const id = useId();
  const listId = `${id}-suggestions`;
  const fetcher = useFetcher<{ companies: CompanySuggestion[] }>();
  const [text, setText] = useState(defaultName);
  const [chosenId, setChosenId] = useState(defaultId);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const debounce = useRef<ReturnType<typeof setTimeout> | null>(null);
  const suggestions = text.trim() ? (fetcher.data?.companies ?? []) : [];
  const load = fetcher.load;

  useEffect(() => () => void (debounce.current && clearTimeout(debounce.current)), []);

  const lookUp = (value: string) => {
    if (debounce.current) clearTimeout(debounce.current);
    if (!value.trim()) return;
    debounce.current = setTimeout(() => load(`/clients/societes/choix?q=${encodeURIComponent(value.trim())}`), 150);
  };

  const choose = (company: CompanySuggestion) => {
    setText(company.name);
    setChosenId(company.id);
    setOpen(false);
    setActive(-1);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (suggestions.length === 0) return;
      event.preventDefault();
      setOpen(true);
      setActive((current) => (event.key === "ArrowDown" ? (current + 1) % suggestions.length : (current - 1 + suggestions.length) % suggestions.length));
    } else if (event.key === "Enter" && open && active >= 0 && suggestions[active]) {
      event.preventDefault(); // choosing a company must not submit the form
      choose(suggestions[active]);
    } else if (event.key === "Escape" && open) {
      event.preventDefault();
      setOpen(false);
      setActive(-1);
    }
  };

  const expanded = open && suggestions.length > 0;
  return (
    <FieldFrame id={id} label={label} error={error} hint={hint ?? t("customers.contact.companyHint")}>
      <div className="relative">
        <input type="hidden" name="companyId" value={chosenId} />
        <input
          id={id}
          name="companyName"
          type="text"
          role="combobox"
          autoComplete="off"
          spellCheck={false}
          maxLength={120}
          className={control}
          value={text}
          placeholder={placeholder ?? t("customers.contact.noCompany")}
          aria-autocomplete="list"
          aria-expanded={expanded}
          aria-controls={listId}
          aria-activedescendant={expanded && active >= 0 ? `${listId}-${active}` : undefined}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy(id, error, hint ?? t("customers.contact.companyHint"))}
          onChange={(event) => {
            const value = event.target.value;
            setText(value);
            setChosenId("");
            setOpen(true);
            setActive(-1);
            lookUp(value);
          }}
          onKeyDown={onKeyDown}
          onFocus={() => text.trim() && !chosenId && setOpen(true)}
          onBlur={() => setOpen(false)}
        />
        <ul
          id={listId}
          role="listbox"
          aria-label={t("customers.contact.companySuggestions")}
          hidden={!expanded}
          className="absolute z-20 mt-1 max-h-64 w-full overflow-auto rounded-md bg-white py-1 text-sm shadow-lg ring-1 ring-slate-200"
        >
          {suggestions.map((company, index) => (
            <li
              key={company.id}
              id={`${listId}-${index}`}
              role="option"
              aria-selected={index === active}
              className={`cursor-pointer px-3 py-2 ${index === active ? "bg-brand-50 text-brand-900" : "text-slate-800 hover:bg-slate-50"}`}
              // mousedown, not click: the input's blur would close the list before the click lands.
              onMouseDown={(event) => {
                event.preventDefault();
                choose(company);
              }}
            >
              <span className="font-medium">{company.name}</span>
              {company.city ? <span className="text-slate-500"> · {company.city}</span> : null}
            </li>
          ))}
        </ul>
      </div>
    </FieldFrame>
  );
}
