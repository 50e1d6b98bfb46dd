import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { CsrfField } from "~/components/csrf-field";
import { useI18n } from "~/components/i18n";
import { TextareaField } from "~/components/ui/field";
import { SlaAdminNav, useDurationLabel } from "~/components/planning/sla-admin";
import { Button } from "~/components/ui/button";
import { CheckboxField, FormAlert } from "~/components/ui/field";
import { Card, Table, Td, Th } from "~/components/ui/layout";
import { businessMinutesPerDay, frenchPublicHolidays, isoDate, toZoned, weekdays } from "~/domain/helpdesk/sla/business-calendar";
import { getBusinessCalendar, saveBusinessCalendar } from "~/domain/helpdesk/sla/sla-policies.server";
import { calendarFormSchema, calendarFormValues, INTERVALS_PER_DAY, intervalField } from "~/domain/helpdesk/sla/sla-settings";
import { redirectWithToast, requireUser } from "~/lib/auth.server";
import { readProtectedForm } from "~/lib/csrf.server";
import { parseForm } from "~/lib/forms";
import { WORKSPACE_TIME_ZONE } from "~/lib/workspace-time-zone";
import type { MessageKey } from "~/lib/i18n/messages/fr";

export const meta: MetaFunction = () => [{ title: "Horaires ouvrés · Administration · Comptoir" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "manage:setting");
  const calendar = await getBusinessCalendar();
  const year = toZoned(new Date(), WORKSPACE_TIME_ZONE).date.year;
  const today = isoDate(toZoned(new Date(), WORKSPACE_TIME_ZONE).date);
  const holidays = [year, year + 1]
    .flatMap((value) => frenchPublicHolidays(value, { alsaceMoselle: calendar.alsaceMoselle }))
    .map((holiday) => ({ id: holiday.id, date: isoDate(holiday.date) }))
    .filter((holiday) => holiday.date >= today)
    .slice(0, 14);
  return { values: calendarFormValues(calendar), minutesPerDay: businessMinutesPerDay(calendar), holidays, frenchHolidays: calendar.frenchHolidays };
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireUser(request, "manage:setting");
  const form = await readProtectedForm(request);
  const parsed = parseForm(form, calendarFormSchema);
  if (!parsed.ok) return data({ fieldErrors: parsed.fieldErrors, values: parsed.values }, { status: 400 });
  await saveBusinessCalendar(parsed.data, admin.id);
  return redirectWithToast("/admin/sla/horaires", { kind: "success", message: "planning.sla.toast.calendarSaved" });
}

export default function BusinessHoursPage() {
  const { values, minutesPerDay, holidays, frenchHolidays } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t, format } = useI18n();
  const duration = useDurationLabel();
  const error = (name: string) => {
    const key = actionData?.fieldErrors?.[name];
    return key ? t(key) : null;
  };
  const text = (name: string) => {
    const submitted = actionData?.values?.[name];
    if (typeof submitted === "string") return submitted;
    if (actionData) return "";
    const value = values[name];
    return typeof value === "string" ? value : "";
  };
  const checked = (name: string) => (actionData ? actionData.values?.[name] === "on" : values[name] === true);
  const timeInput =
    "w-32 rounded-md border-0 bg-white px-2 py-1.5 text-sm tabular-nums text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-inset focus:ring-brand-600 aria-[invalid=true]:ring-red-500";

  return (
    <>
      <SlaAdminNav />
      <Form method="post" noValidate className="space-y-8">
        <CsrfField />
        {actionData?.fieldErrors ? <FormAlert>{t("common.formHasErrors")}</FormAlert> : null}
        <Card title={t("planning.sla.calendar.title")}>
          <p className="mb-4 max-w-3xl text-sm text-slate-600">{t("planning.sla.calendar.intro", { day: duration(minutesPerDay, 0) })}</p>
          <Table caption={t("planning.sla.calendar.title")}>
            <thead>
              <tr>
                <Th>{t("planning.sla.calendar.day")}</Th>
                {Array.from({ length: INTERVALS_PER_DAY }, (_, index) => (
                  <Th key={index}>{t("planning.sla.calendar.slot", { number: index + 1 })}</Th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {weekdays.map((day) => {
                const dayName = t(`planning.weekday.${day}` as MessageKey);
                return (
                  <tr key={day}>
                    <Td className="font-medium">{dayName}</Td>
                    {Array.from({ length: INTERVALS_PER_DAY }, (_, index) => {
                      const start = intervalField(day, index, "start");
                      const end = intervalField(day, index, "end");
                      const slotError = error(start) ?? error(end);
                      return (
                        <Td key={index}>
                          <div className="flex items-center gap-1" role="group" aria-label={t("planning.sla.calendar.slotOf", { day: dayName, number: index + 1 })}>
                            <label className="sr-only" htmlFor={start}>
                              {t("planning.sla.calendar.startOf", { day: dayName, number: index + 1 })}
                            </label>
                            <input id={start} name={start} type="time" defaultValue={text(start)} className={timeInput} aria-invalid={error(start) ? true : undefined} aria-describedby={slotError ? `${start}-error` : undefined} />
                            <span aria-hidden="true" className="text-slate-500">
                              –
                            </span>
                            <label className="sr-only" htmlFor={end}>
                              {t("planning.sla.calendar.endOf", { day: dayName, number: index + 1 })}
                            </label>
                            <input id={end} name={end} type="time" defaultValue={text(end)} className={timeInput} aria-invalid={error(end) ? true : undefined} aria-describedby={slotError ? `${start}-error` : undefined} />
                          </div>
                          {slotError ? (
                            <p id={`${start}-error`} className="mt-1 max-w-[14rem] text-sm text-red-700" role="alert">
                              {slotError}
                            </p>
                          ) : null}
                        </Td>
                      );
                    })}
                  </tr>
                );
              })}
            </tbody>
          </Table>
          <p className="mt-3 text-xs text-slate-500">{t("planning.sla.calendar.hint")}</p>
        </Card>

        <div className="grid gap-8 xl:grid-cols-2">
          <Card title={t("planning.sla.calendar.holidaysTitle")}>
            <div className="space-y-4">
              <CheckboxField label={t("planning.sla.calendar.frenchHolidays")} name="frenchHolidays" defaultChecked={checked("frenchHolidays")} hint={t("planning.sla.calendar.frenchHolidaysHint")} />
              <CheckboxField label={t("planning.sla.calendar.alsaceMoselle")} name="alsaceMoselle" defaultChecked={checked("alsaceMoselle")} hint={t("planning.sla.calendar.alsaceMoselleHint")} />
              {frenchHolidays ? (
                <div>
                  <h3 className="text-sm font-medium text-slate-800">{t("planning.sla.calendar.upcoming")}</h3>
                  <ul className="mt-2 grid gap-1 text-sm text-slate-700 sm:grid-cols-2">
                    {holidays.map((holiday) => (
                      <li key={holiday.date}>
                        <span className="tabular-nums">{format.date(`${holiday.date}T12:00:00Z`)}</span> · {t(`planning.holiday.${holiday.id}` as MessageKey)}
                      </li>
                    ))}
                  </ul>
                </div>
              ) : null}
            </div>
          </Card>
          <Card title={t("planning.sla.calendar.closedDaysTitle")}>
            <TextareaField
              label={t("planning.sla.calendar.closedDays")}
              name="closedDays"
              rows={6}
              defaultValue={text("closedDays")}
              error={error("closedDays")}
              hint={t("planning.sla.calendar.closedDaysHint")}
            />
          </Card>
        </div>
        <Button type="submit" disabled={navigation.state === "submitting"}>
          {t("common.save")}
        </Button>
      </Form>
    </>
  );
}
