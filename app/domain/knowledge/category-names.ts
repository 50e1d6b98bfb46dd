/** A category's name in a language, falling back to the other language. */
export function categoryName(category: { translations: { language: string; name: string }[] }, language: string): string {
  return (category.translations.find((t) => t.language === language) ?? category.translations[0])?.name ?? "";
}
