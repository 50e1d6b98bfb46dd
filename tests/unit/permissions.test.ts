import { describe, expect, it } from "vitest";
import { accessFor, areasFor, can, homePathFor, permissionsOf } from "~/domain/identity/permissions";

const as = (role: string, restrictToGroups = false) => ({ role, restrictToGroups });

describe("areas by role", () => {
  it.each([
    ["admin", ["support", "clients", "sales", "marketing", "knowledge", "dashboard", "admin"]],
    ["technician", ["support", "clients", "knowledge", "dashboard"]],
    ["sales", ["clients", "sales", "marketing", "knowledge", "dashboard"]],
    ["marketing", ["clients", "marketing", "knowledge"]],
    ["manager", ["support", "clients", "sales", "marketing", "knowledge", "dashboard"]],
  ])("%s sees %j", (role, expected) => {
    expect(areasFor(as(role)).map((area) => area.id)).toEqual(expected);
  });

  it("lands each role on its first area", () => {
    expect(homePathFor(as("technician"))).toBe("/support");
    expect(homePathFor(as("sales"))).toBe("/clients");
    expect(homePathFor(as("nobody"))).toBe("/compte");
  });
});

describe("knowledge base rights", () => {
  it("lets every staff role read internal articles, and managers, admins and technicians marked as authors write", () => {
    for (const role of ["admin", "technician", "sales", "marketing", "manager"]) expect(can(as(role), "read:knowledge")).toBe(true);
    expect(can(as("admin"), "update:knowledge")).toBe(true);
    expect(can(as("manager"), "update:knowledge")).toBe(true);
    expect(can(as("technician"), "update:knowledge")).toBe(false);
    expect(can({ role: "technician", restrictToGroups: false, writesKnowledge: true }, "update:knowledge")).toBe(true);
    // The flag makes a technician an author; it gives other roles nothing.
    expect(can({ role: "sales", restrictToGroups: false, writesKnowledge: true }, "update:knowledge")).toBe(false);
    expect(can({ role: "marketing", restrictToGroups: false, writesKnowledge: true }, "update:knowledge")).toBe(false);
  });
});

describe("permission checks", () => {
  it("grants only what the role holds", () => {
    expect(can(as("admin"), "manage:user")).toBe(true);
    expect(can(as("manager"), "manage:user")).toBe(false);
    expect(can(as("sales"), "read:ticket")).toBe(true);
    expect(can(as("sales"), "update:ticket")).toBe(false);
    expect(can(as("marketing"), "read:ticket")).toBe(false);
  });

  it("narrows ticket access to the user's groups when restricted, and leaves the rest", () => {
    const restricted = as("technician", true);
    expect(accessFor(restricted, "read:ticket")).toBe("group");
    expect(can(restricted, "read:ticket:group")).toBe(true);
    expect(can(restricted, "read:ticket:any")).toBe(false);
    expect(accessFor(restricted, "read:customer")).toBe("any");
    expect(accessFor(as("technician"), "read:ticket")).toBe("any");
  });

  it("opens the dashboard to technicians for their groups' figures, reps for their own, managers and admins for all", () => {
    expect(accessFor(as("technician"), "read:report")).toBe("group");
    expect(accessFor(as("technician", true), "read:report")).toBe("group");
    expect(accessFor(as("manager"), "read:report")).toBe("any");
    expect(accessFor(as("admin"), "read:report")).toBe("any");
    expect(accessFor(as("sales"), "read:report")).toBe("own");
    expect(can(as("marketing"), "read:report")).toBe(false);
  });

  it("gives an unknown role nothing", () => {
    expect(permissionsOf(as("superuser"))).toEqual([]);
    expect(can(as("superuser"), "read:customer")).toBe(false);
  });
});
