import { Fragment, type ReactNode } from "react";
import { cn } from "~/components/ui/cn";
import { Badge } from "~/components/ui/layout";
import type { ApiReference, SchemaRow } from "~/lib/api/reference.server";
import { locales, type Locale } from "~/lib/i18n/locales";
import { translator, type MessageKey } from "~/lib/i18n/translate";

/**
 * The public API's reference as one static HTML document (rendered on the server with
 * renderToStaticMarkup: no script at all), laid out with our stylesheet. The model comes from
 * the OpenAPI document (app/lib/api/reference.server.ts).
 */

type Translate = ReturnType<typeof translator>;

/**
 * A table whose cells are styled from the table (descendant variants) rather than one class list
 * per cell: the reference has thousands of cells.
 */
function Table({ caption, children }: { caption: string; children: ReactNode }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
      <table className="min-w-full divide-y divide-slate-200 text-sm [&_tbody]:divide-y [&_tbody]:divide-slate-100 [&_td]:px-3 [&_td]:py-2 [&_td]:align-top [&_td]:text-slate-800 [&_th]:whitespace-nowrap [&_th]:bg-slate-50 [&_th]:px-3 [&_th]:py-2 [&_th]:text-left [&_th]:text-xs [&_th]:font-semibold [&_th]:uppercase [&_th]:tracking-wide [&_th]:text-slate-600">
        <caption className="sr-only">{caption}</caption>
        {children}
      </table>
    </div>
  );
}

const Th = ({ children }: { children?: ReactNode }) => <th scope="col">{children}</th>;
const Td = ({ children, className }: { children?: ReactNode; className?: string }) => <td className={className}>{children}</td>;

const methodTones = { GET: "blue", POST: "green", PATCH: "amber", DELETE: "red" } as const;

function MethodBadge({ method }: { method: string }) {
  return <Badge tone={methodTones[method as keyof typeof methodTones] ?? "slate"}>{method}</Badge>;
}

function Code({ children }: { children: string }) {
  return <code className="rounded bg-slate-100 px-1 font-mono text-[0.8125rem]">{children}</code>;
}

function TypeLink({ type, schema }: { type: string; schema: string | null }) {
  if (!schema) return <span className="font-mono text-xs text-slate-700">{type}</span>;
  return (
    <a href={`#schema-${schema}`} className="font-mono text-xs text-brand-700 hover:underline">
      {type}
    </a>
  );
}

function FieldsTable({ rows, caption, t }: { rows: SchemaRow[]; caption: string; t: Translate }) {
  return (
    <Table caption={caption}>
      <thead>
        <tr>
          <Th>{t("publicApi.docs.field")}</Th>
          <Th>{t("publicApi.docs.type")}</Th>
          <Th>{t("publicApi.docs.required")}</Th>
          <Th>{t("publicApi.docs.description")}</Th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.name}>
            <Td className={cn("whitespace-nowrap font-mono text-xs", row.depth === 1 && "!pl-7", row.depth >= 2 && "!pl-11")}>{row.name}</Td>
            <Td>
              <TypeLink type={row.type} schema={row.schema} />
              {row.nullable ? <span className="ml-1 text-xs text-slate-500">{t("publicApi.docs.orNull")}</span> : null}
            </Td>
            <Td>{row.required ? t("common.yes") : t("common.no")}</Td>
            <Td>
              {row.description}
              {row.values.length ? (
                <span className="mt-1 block text-xs text-slate-600">
                  {t("publicApi.docs.values")} {row.values.map((value, index) => <Fragment key={value}>{index > 0 ? ", " : ""}<Code>{value}</Code></Fragment>)}
                </span>
              ) : null}
            </Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section id={id} aria-labelledby={`${id}-title`} className="scroll-mt-4 border-t border-slate-200 pt-8">
      <h2 id={`${id}-title`} className="text-xl font-semibold tracking-tight text-slate-900">
        {title}
      </h2>
      <div className="mt-4 space-y-4 text-sm leading-6 text-slate-700">{children}</div>
    </section>
  );
}

function LocaleLinks({ locale, t }: { locale: Locale; t: Translate }) {
  return (
    <nav className="flex items-center gap-1" aria-label={t("common.language")}>
      {locales.map((option) => (
        <a
          key={option}
          href={`/api/docs?lang=${option}`}
          lang={option}
          hrefLang={option}
          aria-current={option === locale ? "true" : undefined}
          title={t(`locale.${option}`)}
          className={cn("rounded px-2 py-1 text-xs font-semibold uppercase", option === locale ? "bg-slate-200 text-slate-900" : "text-slate-500 hover:text-slate-900")}
        >
          {option}
        </a>
      ))}
    </nav>
  );
}

/** The whole document: <html> with our stylesheet, in `locale`. */
export function ApiReferenceDocument({ locale, reference, rateLimit, stylesheet }: { locale: Locale; reference: ApiReference; rateLimit: number; stylesheet: string }) {
  const t = translator(locale);
  const conventions: Array<{ id: string; title: MessageKey; text: MessageKey }> = [
    { id: "authentication", title: "publicApi.docs.auth.title", text: "publicApi.docs.auth.text" },
    { id: "pagination", title: "publicApi.docs.pagination.title", text: "publicApi.docs.pagination.text" },
    { id: "versions", title: "publicApi.docs.versions.title", text: "publicApi.docs.versions.text" },
    { id: "idempotency", title: "publicApi.docs.idempotency.title", text: "publicApi.docs.idempotency.text" },
    { id: "cors", title: "publicApi.docs.cors.title", text: "publicApi.docs.cors.text" },
  ];
  return (
    <html lang={locale} className="h-full">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${t("publicApi.docs.title")} · Comptoir`}</title>
        <link rel="stylesheet" href={stylesheet} />
        <link rel="icon" href="/favicon.ico" />
      </head>
      <body className="h-full">
    <div className="min-h-full bg-slate-50">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-7xl items-center justify-between px-4 py-3">
          <a href="/" className="text-lg font-semibold text-slate-900">
            Comptoir <span className="font-normal text-slate-500">· API</span>
          </a>
          <LocaleLinks locale={locale} t={t} />
        </div>
      </header>
      <div className="mx-auto max-w-7xl px-4 py-8 lg:grid lg:grid-cols-[15rem_minmax(0,1fr)] lg:gap-10">
        <nav aria-label={t("publicApi.docs.contents")} className="mb-8 text-sm lg:sticky lg:top-4 lg:mb-0 lg:max-h-[calc(100vh-2rem)] lg:self-start lg:overflow-y-auto">
          <p className="mb-2 font-semibold text-slate-900">{t("publicApi.docs.contents")}</p>
          <ul className="space-y-1">
            <li>
              <a href="#conventions" className="text-brand-700 hover:underline">
                {t("publicApi.docs.conventions")}
              </a>
            </li>
            <li>
              <a href="#problems" className="text-brand-700 hover:underline">
                {t("publicApi.docs.errors.title")}
              </a>
            </li>
            {reference.tags.map((tag) => (
              <li key={tag.name}>
                <a href={`#tag-${tag.name}`} className="font-medium text-brand-700 hover:underline">
                  {tag.label}
                </a>
                <ul className="ml-3 mt-1 space-y-0.5">
                  {tag.operations.map((operation) => (
                    <li key={operation.id}>
                      <a href={`#operation-${operation.id}`} className="text-slate-600 hover:text-slate-900 hover:underline">
                        {operation.summary}
                      </a>
                    </li>
                  ))}
                </ul>
              </li>
            ))}
            <li>
              <a href="#schemas" className="text-brand-700 hover:underline">
                {t("publicApi.docs.schemas")}
              </a>
            </li>
          </ul>
        </nav>

        <main className="min-w-0 space-y-10">
          <div>
            <h1 className="text-3xl font-semibold tracking-tight text-slate-900">{t("publicApi.docs.title")}</h1>
            <p className="mt-2 max-w-3xl text-slate-700">{t("publicApi.docs.intro")}</p>
            <dl className="mt-4 grid gap-2 text-sm sm:grid-cols-[auto_1fr] sm:gap-x-4">
              <dt className="font-medium text-slate-900">{t("publicApi.docs.baseUrl")}</dt>
              <dd>
                <Code>{reference.baseUrl}</Code>
              </dd>
              <dt className="font-medium text-slate-900">OpenAPI 3.1</dt>
              <dd>
                <a href={`/api/v1/openapi.json?lang=${locale}`} className="text-brand-700 hover:underline">
                  /api/v1/openapi.json
                </a>
              </dd>
              <dt className="font-medium text-slate-900">{t("publicApi.docs.guide")}</dt>
              <dd>{t("publicApi.docs.guideText")}</dd>
            </dl>
          </div>

          <Section id="conventions" title={t("publicApi.docs.conventions")}>
            {conventions.map((convention) => (
              <div key={convention.id} id={convention.id} className="scroll-mt-4">
                <h3 className="font-semibold text-slate-900">{t(convention.title)}</h3>
                <p className="mt-1 max-w-3xl">{t(convention.text)}</p>
              </div>
            ))}
            <div id="rate-limit" className="scroll-mt-4">
              <h3 className="font-semibold text-slate-900">{t("publicApi.docs.rateLimit.title")}</h3>
              <p className="mt-1 max-w-3xl">{t("publicApi.docs.rateLimit.text", { limit: rateLimit })}</p>
            </div>
            <div id="scopes" className="scroll-mt-4">
              <h3 className="font-semibold text-slate-900">{t("publicApi.docs.scopes")}</h3>
              <ul className="mt-2 grid gap-1 sm:grid-cols-2">
                {reference.scopes.map((scope) => (
                  <li key={scope.scope}>
                    <Code>{scope.scope}</Code> {scope.label}
                  </li>
                ))}
              </ul>
            </div>
          </Section>

          <Section id="problems" title={t("publicApi.docs.errors.title")}>
            <p className="max-w-3xl">{t("publicApi.docs.errors.text")}</p>
            <pre className="overflow-x-auto rounded-lg bg-slate-900 p-4 font-mono text-xs text-slate-100">{t("publicApi.docs.errors.example")}</pre>
            <Table caption={t("publicApi.docs.errors.title")}>
              <thead>
                <tr>
                  <Th>{t("publicApi.docs.status")}</Th>
                  <Th>type</Th>
                  <Th>{t("publicApi.docs.meaning")}</Th>
                </tr>
              </thead>
              <tbody>
                {reference.problems.map((problem) => (
                  <tr key={problem.type} id={`problem-${problem.type}`} className="scroll-mt-4 target:bg-amber-50">
                    <Td className="tabular-nums">{problem.status}</Td>
                    <Td className="whitespace-nowrap">
                      <Code>{problem.type}</Code>
                      <span className="mt-1 block text-xs text-slate-600">{problem.title}</span>
                    </Td>
                    <Td>{problem.about}</Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          </Section>

          {reference.tags.map((tag) => (
            <Section key={tag.name} id={`tag-${tag.name}`} title={tag.label}>
              <p className="max-w-3xl">{tag.description}</p>
              {tag.operations.map((operation) => (
                <article key={operation.id} id={`operation-${operation.id}`} aria-labelledby={`operation-${operation.id}-title`} className="scroll-mt-4 rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
                  <h3 id={`operation-${operation.id}-title`} className="flex flex-wrap items-center gap-2 text-base font-semibold text-slate-900">
                    <MethodBadge method={operation.method} />
                    <span className="break-all font-mono text-sm">{operation.path}</span>
                    <span className="text-slate-500">—</span>
                    <span>{operation.summary}</span>
                  </h3>
                  {operation.description ? <p className="mt-2 max-w-3xl">{operation.description}</p> : null}
                  <p className="mt-2 text-xs text-slate-600">
                    {t("publicApi.docs.scope")} <Code>{operation.scope}</Code>
                  </p>

                  {operation.parameters.length ? (
                    <div className="mt-4">
                      <h4 className="mb-2 font-semibold text-slate-900">{t("publicApi.docs.parameters")}</h4>
                      <Table caption={t("publicApi.docs.parameters")}>
                        <thead>
                          <tr>
                            <Th>{t("publicApi.docs.name")}</Th>
                            <Th>{t("publicApi.docs.in")}</Th>
                            <Th>{t("publicApi.docs.type")}</Th>
                            <Th>{t("publicApi.docs.required")}</Th>
                            <Th>{t("publicApi.docs.description")}</Th>
                          </tr>
                        </thead>
                        <tbody>
                          {operation.parameters.map((parameter) => (
                            <tr key={`${parameter.in}-${parameter.name}`}>
                              <Td className="whitespace-nowrap font-mono text-xs">{parameter.name}</Td>
                              <Td>{t(`publicApi.docs.in.${parameter.in}` as MessageKey)}</Td>
                              <Td className="font-mono text-xs">{parameter.type}</Td>
                              <Td>{parameter.required ? t("common.yes") : t("common.no")}</Td>
                              <Td>
                                {parameter.description}
                                {parameter.values.length ? (
                                  <span className="mt-1 block text-xs text-slate-600">
                                    {t("publicApi.docs.values")} {parameter.values.map((value, index) => <Fragment key={value}>{index > 0 ? ", " : ""}<Code>{value}</Code></Fragment>)}
                                  </span>
                                ) : null}
                              </Td>
                            </tr>
                          ))}
                        </tbody>
                      </Table>
                    </div>
                  ) : null}

                  {operation.body ? (
                    <div className="mt-4">
                      <h4 className="mb-2 font-semibold text-slate-900">
                        {t("publicApi.docs.body")} {operation.body.schema ? <span className="font-mono text-xs font-normal text-slate-500">{operation.body.schema}</span> : null}
                      </h4>
                      <FieldsTable rows={operation.body.rows} caption={t("publicApi.docs.body")} t={t} />
                    </div>
                  ) : null}

                  <div className="mt-4">
                    <h4 className="mb-2 font-semibold text-slate-900">{t("publicApi.docs.responses")}</h4>
                    <ul className="space-y-1">
                      {operation.responses.map((response) => (
                        <li key={response.status} className="flex flex-wrap items-baseline gap-2">
                          <span className={cn("w-10 font-mono text-xs font-semibold tabular-nums", Number(response.status) < 400 ? "text-emerald-700" : "text-red-700")}>{response.status}</span>
                          <span>{response.description}</span>
                          {response.schema ? <TypeLink type={response.schema} schema={response.schema} /> : null}
                        </li>
                      ))}
                    </ul>
                  </div>

                  <div className="mt-4">
                    <h4 className="mb-2 font-semibold text-slate-900">{t("publicApi.docs.example")}</h4>
                    <pre className="overflow-x-auto rounded-lg bg-slate-900 p-4 font-mono text-xs text-slate-100">{operation.curl}</pre>
                  </div>
                </article>
              ))}
            </Section>
          ))}

          <Section id="schemas" title={t("publicApi.docs.schemas")}>
            {reference.schemas.map((schema) => (
              <div key={schema.name} id={`schema-${schema.name}`} className="scroll-mt-4">
                <h3 className="mb-1 font-mono text-base font-semibold text-slate-900">{schema.name}</h3>
                {schema.description ? <p className="mb-2 max-w-3xl">{schema.description}</p> : null}
                {schema.rows.length ? <FieldsTable rows={schema.rows} caption={schema.name} t={t} /> : null}
              </div>
            ))}
          </Section>
        </main>
      </div>
    </div>
      </body>
    </html>
  );
}

