import { importEntities } from "~/domain/imports/import-entities";
import { createImportJob, getImportJobSummary, updateImportJob, type ImportJobSummary } from "~/domain/imports/import-jobs.server";
import { mappingProblems, safeParseImportMapping } from "~/domain/imports/import-mapping";
import { getImportJob } from "~/domain/imports/import-jobs.server";
import { importStatuses } from "~/domain/imports/import-status";
import { startImportJob } from "~/domain/imports/import-run.server";
import { rejectedRowsCsv } from "~/domain/imports/import-report.server";
import { csvFileName, csvResponse } from "~/lib/csv";
import { defineEndpoint } from "../endpoint.server";
import { ApiProblem, validationProblem } from "../problem.server";
import { instant, orNull, recordId } from "../schemas";
import { z } from "../zod";

/**
 * Imports over the API: the wizard's steps in one request (the file, the kind of data, the
 * mapping or the suggested one, the options), queued for the import runner; then its status and
 * counts, and the rejected rows as CSV. `customers:write` grants `create:import` (companies and
 * contacts); products need `sales:write` too, as in the interface.
 */

const notFound = () => new ApiProblem("not-found", { key: "publicApi.problem.notFound.detail" });

const counts = z.object({ created: z.number().int(), updated: z.number().int(), merged: z.number().int(), skipped: z.number().int(), rejected: z.number().int() });

const importSchema = z
  .object({
    id: z.string(),
    entity: z.enum(importEntities),
    fileName: z.string(),
    status: z.enum(importStatuses),
    totalRows: z.number().int(),
    doneRows: z.number().int(),
    counts,
    error: z.string(),
    createdAt: instant(),
    startedAt: orNull(instant()),
    finishedAt: orNull(instant()),
    rejectedRowsUrl: orNull(z.string().url()),
  })
  .openapi("Import");

function importOf(job: ImportJobSummary, url: (path: string) => string): z.input<typeof importSchema> {
  const finished = ["completed", "cancelled", "failed", "undone"].includes(job.status);
  return {
    id: job.id,
    entity: job.entity,
    fileName: job.fileName,
    status: job.status,
    totalRows: job.totalRows,
    doneRows: job.doneRows,
    counts: job.counts,
    error: job.error,
    createdAt: job.createdAt,
    startedAt: job.startedAt,
    finishedAt: job.finishedAt,
    rejectedRowsUrl: finished && job.counts.rejected > 0 ? url(`/imports/${job.id}/rejected-rows`) : null,
  };
}

const uploadedFile = z
  .custom<{ filename: string; content: Buffer }>((value) => typeof value === "object" && value !== null && "content" in value && Buffer.isBuffer((value as { content: unknown }).content), "validation.required")
  .openapi({ type: "string", format: "binary", description: "import.api.field.file" });

const jsonText = (description: "import.api.field.mapping" | "import.api.field.options") =>
  z
    .string()
    .max(200_000, "validation.tooLong")
    .transform((text, context) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        context.addIssue({ code: z.ZodIssueCode.custom, message: "publicApi.problem.malformedJson" });
        return z.NEVER;
      }
    })
    .optional()
    .openapi({ type: "string", description });

const createImport = defineEndpoint({
  operationId: "createImport",
  method: "post",
  path: "/imports",
  tag: "imports",
  summary: "import.api.create",
  description: "import.api.createDescription",
  scope: "customers:write",
  permission: "create:import",
  bodyType: "multipart",
  maxBodyBytes: 51 * 1024 * 1024,
  body: z.object({ file: uploadedFile, entity: z.enum(importEntities), mapping: jsonText("import.api.field.mapping"), options: jsonText("import.api.field.options") }).openapi("ImportUpload"),
  refusals: [422],
  response: { status: 201, description: "import.api.created", schema: importSchema, location: true },
  example: {
    body: {
      entity: "contacts",
      file: { filename: "contacts.csv", content: Buffer.from("Raison sociale;Nom;Prénom;E-mail\r\nGarage Perrin;Perrin;Marc;marc@garage-perrin.fr\r\n", "utf8") },
      options: JSON.stringify({ duplicates: { all: "merge" }, consent: { kind: "record", legalBasis: "b2b_interest", source: "Salon Batimat 2026" } }),
    },
  },
  async handle({ caller, body, url }) {
    const { id } = await createImportJob(caller, { entity: body.entity, fileName: body.file.filename, bytes: body.file.content, via: caller.tokenId });
    if (body.mapping !== undefined) {
      const mapping = safeParseImportMapping(JSON.stringify(body.mapping));
      if (!mapping) throw validationProblem([{ field: "mapping", code: "import.error.mappingInvalid" }]);
      await updateImportJob(caller, id, { mapping });
    }
    if (body.options !== undefined) await updateImportJob(caller, id, { options: body.options });
    const job = await getImportJob(id);
    if (!job) throw notFound();
    const problems = mappingProblems(job.entity, job.mapping);
    if (problems.length > 0) {
      throw validationProblem(problems.map((problem) => ({ field: "mapping", code: problem.kind === "missing_required" ? "import.mapping.missingRequired" : problem.kind === "duplicate_target" ? "import.mapping.duplicateTarget" : problem.kind === "contact_identity" ? "import.mapping.contactIdentity" : "import.mapping.unknownTarget" })));
    }
    await startImportJob(caller, id);
    const summary = await getImportJobSummary(id);
    return { status: 201, body: importOf(summary!, url), location: url(`/imports/${id}`) };
  },
});

const readImport = defineEndpoint({
  operationId: "getImport",
  method: "get",
  path: "/imports/{import}",
  tag: "imports",
  summary: "import.api.get",
  description: "import.api.getDescription",
  scope: "customers:read",
  permission: "create:import",
  params: z.object({ import: recordId() }),
  response: { status: 200, description: "import.api.read", schema: importSchema },
  example: { params: { import: "cmf3k2x0p0001qv8h5t2d9a1b" } },
  async handle({ params, url }) {
    const job = await getImportJobSummary(params.import);
    if (!job) throw notFound();
    return { status: 200, body: importOf(job, url) };
  },
});

const rejectedRows = defineEndpoint({
  operationId: "getImportRejectedRows",
  method: "get",
  path: "/imports/{import}/rejected-rows",
  tag: "imports",
  summary: "import.api.rejected",
  description: "import.api.rejectedDescription",
  scope: "customers:read",
  permission: "create:import",
  params: z.object({ import: recordId() }),
  response: { status: 200, description: "import.api.rejectedFile", schema: z.string().openapi({ type: "string", format: "binary" }), contentTypes: ["text/csv"] },
  example: { params: { import: "cmf3k2x0p0001qv8h5t2d9a1b" } },
  async handle({ params, locale }) {
    const file = await rejectedRowsCsv(params.import, locale);
    if (!file) throw notFound();
    return { status: "raw", response: csvResponse(file.csv, csvFileName(file.fileName.replace(/\.csv$/, ""))) };
  },
});

export const importEndpoints = [createImport, readImport, rejectedRows];

