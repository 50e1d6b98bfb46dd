import type { AnyConditionKind, ConditionFamily } from "./segment-condition";
import { companyCityCondition, companyLifecycleCondition, companyOwnerCondition, companyPostalCodeCondition, companySectorCondition, companySizeCondition } from "./conditions/company-conditions";
import { contactCreatedCondition, contactJobTitleCondition, contactLanguageCondition } from "./conditions/contact-conditions";
import { campaignEngagementCondition, consentStateCondition } from "./conditions/marketing-conditions";
import { salesContractCondition, salesLastOrderCondition, salesOpenDealCondition, salesWonAmountCondition } from "./conditions/sales-conditions";
import {
  serviceLastRatingCondition,
  serviceOpenIncidentCondition,
  serviceOpenTicketsCondition,
  serviceSlaBreachesCondition,
  serviceTicketsCondition,
} from "./conditions/service-conditions";

/**
 * Every kind of segment condition, in the order the builder offers them (by family). A kind is
 * one object implementing SegmentConditionKind; service and sales kinds read the helpdesk's and
 * the sales' tables the same way.
 */
export const segmentConditionKinds: readonly AnyConditionKind[] = [
  contactLanguageCondition,
  contactJobTitleCondition,
  contactCreatedCondition,
  companySectorCondition,
  companySizeCondition,
  companyCityCondition,
  companyPostalCodeCondition,
  companyLifecycleCondition,
  companyOwnerCondition,
  serviceTicketsCondition,
  serviceOpenTicketsCondition,
  serviceOpenIncidentCondition,
  serviceSlaBreachesCondition,
  serviceLastRatingCondition,
  salesOpenDealCondition,
  salesWonAmountCondition,
  salesLastOrderCondition,
  salesContractCondition,
  consentStateCondition,
  campaignEngagementCondition,
];

const byKind = new Map(segmentConditionKinds.map((kind) => [kind.kind, kind]));

export function conditionKind(kind: string): AnyConditionKind | undefined {
  return byKind.get(kind);
}

export function conditionKindsOf(family: ConditionFamily): AnyConditionKind[] {
  return segmentConditionKinds.filter((kind) => kind.family === family);
}
