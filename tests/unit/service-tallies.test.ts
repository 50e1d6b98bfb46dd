import { describe, expect, it } from "vitest";
import { minutesBucket, parseTallySignature, ticketContributions, tallyChanges, type CountedTicket } from "~/domain/reporting/service-tallies";

/** What one ticket adds to the service tallies (ADR 014), from its signature. Pure. */

const zone = "Europe/Paris";
const base: CountedTicket = {
  createdAt: new Date("2026-03-28T22:30:00Z"), // 28 March 23:30 in Paris
  solvedAt: null,
  firstRespondedAt: null,
  firstResponseDueAt: null,
  resolutionDueAt: null,
  merged: false,
  groupId: "g1",
  assigneeId: null,
  type: "incident",
  channel: "email",
  firstResponseMinutes: null,
  resolutionMinutes: null,
};
const measures = (ticket: CountedTicket) => ticketContributions(ticket, zone).tallies.map((item) => `${item.measure} ${item.day} ${item.key} ${item.tickets}`).sort();

describe("service tallies", () => {
  it("orders buckets like the minutes, about 2√m wide", () => {
    const values = [-50, -1, 0, 1, 3, 4, 99, 100, 1_599, 1_600, 100_000];
    const buckets = values.map(minutesBucket);
    expect(buckets).toEqual([...buckets].sort((a, b) => a - b));
    expect(minutesBucket(1_599)).toBe(39);
    expect(minutesBucket(1_600)).toBe(40);
    expect(minutesBucket(-1)).toBeLessThan(minutesBucket(0));
  });

  it("reads a signature as the database writes it (empty fields are null, 1 means not merged)", () => {
    const ticket = parseTallySignature("2026-03-28T22:30:00.000+00:00||2026-03-29T08:00:00.000+00:00|2026-03-29T09:00:00.000+00:00||0|g1||incident|email|45|");
    expect(ticket.createdAt.toISOString()).toBe("2026-03-28T22:30:00.000Z");
    expect(ticket.solvedAt).toBeNull();
    expect(ticket.firstRespondedAt?.toISOString()).toBe("2026-03-29T08:00:00.000Z");
    expect(ticket.merged).toBe(true);
    expect(ticket.groupId).toBe("g1");
    expect(ticket.assigneeId).toBeNull();
    expect(ticket.firstResponseMinutes).toBe(45);
    expect(ticket.resolutionMinutes).toBeNull();
  });

  it.each([
    ["open: counted created on its local day (not the UTC one), in the backlog from then", base, ["created 2026-03-28  1", "created.channel 2026-03-28 email 1", "created.placement 2026-03-28 g1/ 1", "created.type 2026-03-28 incident 1", "open 2026-03-28  1"]],
    ["solved the same local day: never open at a midnight", { ...base, solvedAt: new Date("2026-03-28T22:50:00Z") }, ["created 2026-03-28  1", "created.channel 2026-03-28 email 1", "created.placement 2026-03-28 g1/ 1", "created.type 2026-03-28 incident 1", "solved 2026-03-28  1", "solved.channel 2026-03-28 email 1", "solved.placement 2026-03-28 g1/ 1", "solved.type 2026-03-28 incident 1"]],
    ["merged: nothing", { ...base, merged: true }, []],
  ] as const)("%s", (_name, ticket, expected) => {
    expect(measures(ticket)).toEqual([...expected].sort());
  });

  it("counts SLA targets given by due day, a first response not given as missed once due, and 'missed both' once", () => {
    const late = {
      ...base,
      firstResponseDueAt: new Date("2026-03-29T07:00:00Z"),
      resolutionDueAt: new Date("2026-03-30T07:00:00Z"),
      solvedAt: new Date("2026-03-31T07:00:00Z"),
    };
    const sla = (ticket: CountedTicket) => measures(ticket).filter((line) => line.startsWith("sla."));
    expect(sla(late)).toEqual(["sla.bothMissedOnceDue 2026-03-29 2026-03-30 1", "sla.firstResponse.missedOnceDue 2026-03-29  1", "sla.resolution.missed 2026-03-30  1"]);
    const answered = { ...late, firstRespondedAt: new Date("2026-03-29T08:00:00Z") };
    expect(sla(answered)).toEqual(["sla.bothMissed 2026-03-29 2026-03-30 1", "sla.firstResponse.missed 2026-03-29  1", "sla.resolution.missed 2026-03-30  1"]);
    const onTime = { ...answered, firstRespondedAt: new Date("2026-03-29T06:00:00Z"), solvedAt: new Date("2026-03-30T06:00:00Z") };
    expect(sla(onTime)).toEqual(["sla.firstResponse.met 2026-03-29  1", "sla.resolution.met 2026-03-30  1"]);
    // A resolution not given yet is counted live, not tallied.
    expect(sla({ ...answered, solvedAt: null })).toEqual(["sla.firstResponse.missed 2026-03-29  1"]);
  });

  it("puts each stored time in its bucket on the day of the answer / solution", () => {
    const ticket = { ...base, firstRespondedAt: new Date("2026-03-29T08:00:00Z"), firstResponseMinutes: 1_600 };
    expect(ticketContributions(ticket, zone).times).toEqual([{ duration: "firstResponse", bucket: 40, day: "2026-03-29", minutes: 1_600, tickets: 1 }]);
  });

  it("moves a ticket between tallies: only the net change is written", () => {
    const before = "2026-03-28T22:30:00.000+00:00|||||1|g1||incident|email||";
    const reassigned = "2026-03-28T22:30:00.000+00:00|||||1|g2||incident|email||";
    expect(tallyChanges([{ from: before, to: reassigned }], zone)).toEqual({
      tallies: [
        { measure: "created.placement", day: "2026-03-28", key: "g1/", tickets: -1 },
        { measure: "created.placement", day: "2026-03-28", key: "g2/", tickets: 1 },
      ],
      times: [],
    });
    expect(tallyChanges([{ from: before, to: before }], zone)).toEqual({ tallies: [], times: [] });
    expect(tallyChanges([{ from: before, to: null }], zone).tallies.every((item) => item.tickets === -1)).toBe(true);
  });
});
