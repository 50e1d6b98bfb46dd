import type { ReportSection } from "./report-section";
import { loyaltySection } from "./sections/loyalty.server";
import { salesSection } from "./sections/sales.server";
import { serviceSection } from "./sections/service-section.server";

/**
 * The dashboard's sections, in the order they are shown. A section lives in its own module and
 * joins here; one that has no data for the workspace returns null and is left out.
 */
export const reportSections: readonly ReportSection[] = [serviceSection, salesSection, loyaltySection];
