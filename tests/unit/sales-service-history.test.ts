import { describe, expect, it } from "vitest";
import { serviceWarning, ticketAge, type ServiceTicketRef } from "~/domain/sales/service-history";

const now = new Date("2026-06-10T12:00:00Z");
let sequence = 0;
const ticket = (type: string, priority: string, createdAt: string): ServiceTicketRef => ({
  id: `t${++sequence}`,
  number: sequence,
  subject: `${type} ${priority}`,
  type,
  priority,
  status: "open",
  createdAt,
});

describe("service warning", () => {
  it.each([
    ["2026-06-07T11:00:00Z", { unit: "days", value: 3 }],
    ["2026-06-09T12:00:00Z", { unit: "days", value: 1 }],
    ["2026-06-10T07:30:00Z", { unit: "hours", value: 4 }],
    ["2026-06-10T11:10:00Z", { unit: "lessThanHour", value: 0 }],
    ["2026-06-10T13:00:00Z", { unit: "lessThanHour", value: 0 }],
  ])("a ticket opened at %s is %o old", (createdAt, age) => {
    expect(ticketAge(createdAt, now)).toEqual(age);
  });

  it("warns about the urgent incident before an older high one, and counts the others", () => {
    const urgent = ticket("incident", "urgent", "2026-06-07T09:00:00Z");
    const warning = serviceWarning([ticket("complaint", "high", "2026-06-01T09:00:00Z"), urgent, ticket("incident", "high", "2026-06-09T09:00:00Z")], now);
    expect(warning).toEqual({ ticket: urgent, age: { unit: "days", value: 3 }, others: 2 });
  });

  it("takes the oldest of equal priority", () => {
    const oldest = ticket("complaint", "high", "2026-05-30T09:00:00Z");
    expect(serviceWarning([ticket("incident", "high", "2026-06-02T09:00:00Z"), oldest], now)?.ticket).toBe(oldest);
  });

  it("stays quiet for normal priorities and for questions", () => {
    expect(serviceWarning([ticket("incident", "normal", "2026-06-01T09:00:00Z"), ticket("information", "urgent", "2026-06-01T09:00:00Z")], now)).toBeNull();
    expect(serviceWarning([], now)).toBeNull();
  });
});
