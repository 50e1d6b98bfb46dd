import { customFieldName, CUSTOM_FIELD_PREFIX } from "~/domain/imports/import-fields";
import { DONT_IMPORT, type ImportColumnMapping } from "~/domain/imports/import-mapping";

/** The select's value that asks for a custom field; its name is typed in `custom.<column>`. */
export const CUSTOM_CHOICE = "__custom__";

/**
 * The mapping step's form read back into a mapping: `target.<column>` is a field key, "" (don't
 * import) or CUSTOM_CHOICE with the name in `custom.<column>`. Returns the columns whose custom
 * name is missing or invalid, so the form says which.
 */
export function mappingFromForm(form: FormData, headers: readonly string[]): { mapping: ImportColumnMapping; badCustomColumns: number[] } {
  const badCustomColumns: number[] = [];
  const mapping = headers.map((header, column) => {
    const choice = String(form.get(`target.${column}`) ?? DONT_IMPORT);
    if (choice !== CUSTOM_CHOICE) return { column, header, target: choice.slice(0, 80) };
    const target = `${CUSTOM_FIELD_PREFIX}${String(form.get(`custom.${column}`) ?? "").trim()}`;
    if (customFieldName(target) === null) badCustomColumns.push(column);
    return { column, header, target: target.slice(0, 80) };
  });
  return { mapping, badCustomColumns };
}
