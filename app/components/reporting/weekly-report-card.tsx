import { Form } from "@remix-run/react";
import { CsrfField } from "~/components/csrf-field";
import { useI18n } from "~/components/i18n";
import { Button } from "~/components/ui/button";
import { Card } from "~/components/ui/layout";

/** The account page's Monday report subscription (shown to those who may read the dashboard). */
export function WeeklyReportCard({ subscribed, email }: { subscribed: boolean; email: string }) {
  const { t } = useI18n();
  return (
    <Card title={t("reporting.weekly.cardTitle")}>
      <div id="rapport-du-lundi" className="space-y-3 text-sm">
        <p className="text-slate-600">{t("reporting.weekly.cardText")}</p>
        <p className="font-medium text-slate-900" data-testid="weekly-report-state">
          {subscribed ? t("reporting.weekly.subscribed", { email }) : t("reporting.weekly.notSubscribed")}
        </p>
        <Form method="post">
          <CsrfField />
          <input type="hidden" name="intent" value="weekly-report" />
          <input type="hidden" name="subscribe" value={subscribed ? "false" : "true"} />
          <Button type="submit" variant={subscribed ? "secondary" : "primary"}>
            {subscribed ? t("reporting.weekly.unsubscribe") : t("reporting.weekly.subscribe")}
          </Button>
        </Form>
      </div>
    </Card>
  );
}
