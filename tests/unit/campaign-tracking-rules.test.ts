import { describe, expect, it } from "vitest";
import { detectComplaint } from "~/domain/channels/email/complaint";
import { isRedirectableUrl } from "~/domain/marketing/campaigns/campaign-engagement.server";
import { unsubscribeTokenInSubject } from "~/domain/marketing/campaigns/campaign-mail-feedback.server";
import { bucketIndex, bucketStart, engagementBuckets, rate, returnOnInvestment } from "~/domain/marketing/campaigns/engagement-buckets";

const launch = new Date(Date.UTC(2026, 11, 1, 9, 0, 0));
const at = (hours: number) => new Date(launch.getTime() + hours * 3_600_000);

describe("engagement buckets", () => {
  it.each([
    [-0.01, null],
    [0, 0],
    [0.99, 0],
    [1, 1],
    [47.99, 47],
    [48, 48],
    [71.99, 48],
    [72, 49],
    [48 + 24 * 10 + 3, 58],
  ])("%s h after the launch → bucket %s", (hours, index) => {
    expect(bucketIndex(launch, at(hours))).toBe(index);
  });

  it("bucket starts: hours, then whole days after the first 48 hours", () => {
    expect(bucketStart(launch, 5)).toEqual(at(5));
    expect(bucketStart(launch, 48)).toEqual(at(48));
    expect(bucketStart(launch, 50)).toEqual(at(96));
  });

  it("counts each first open / click once in its bucket, at least the 48 hourly buckets, none before anything happened", () => {
    expect(engagementBuckets(launch, [], [])).toEqual([]);
    const buckets = engagementBuckets(launch, [at(0.5), at(0.7), at(80)], [at(0.6), at(-1)]);
    expect(buckets).toHaveLength(50);
    expect(buckets[0]).toMatchObject({ unit: "hour", opens: 2, clicks: 1 });
    expect(buckets[49]).toMatchObject({ unit: "day", opens: 1, clicks: 0 });
    expect(buckets.reduce((sum, bucket) => sum + bucket.opens, 0)).toBe(3);
  });
});

describe("money and rates", () => {
  it.each([
    [500_000, 100_000, 4],
    [50_000, 100_000, -0.5],
    [0, 100_000, -1],
    [100_000, null, null],
    [100_000, 0, null],
  ])("won %s, cost %s → ROI %s", (won, cost, expected) => {
    expect(returnOnInvestment(won, cost)).toBe(expected);
  });

  it("rates need something to divide by", () => {
    expect(rate(3, 4)).toBe(0.75);
    expect(rate(0, 0)).toBeNull();
  });
});

describe("redirect targets", () => {
  it.each([
    ["https://www.example.test/offre?utm=1", true],
    ["http://example.test", true],
    ["javascript:alert(1)", false],
    ["data:text/html,<script>", false],
    ["//evil.example", false],
    ["mailto:a@b.test", false],
    ["pas une adresse", false],
  ])("%s → %s", (url, expected) => {
    expect(isRedirectableUrl(url)).toBe(expected);
  });
});

describe("unsubscribe mail subject", () => {
  const token = "eyJyIjoiY2FtcGFpZ24ifQ.abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
  it.each([
    [`unsubscribe ${token}`, token],
    [`  UNSUBSCRIBE ${token} `, token],
    [`Re: unsubscribe ${token}`, null],
    ["unsubscribe me please", null],
    [`unsubscribe ${token} now`, null],
  ])("%j → %s", (subject, expected) => {
    expect(unsubscribeTokenInSubject(subject)).toBe(expected);
  });
});

describe("complaint detection (ARF)", () => {
  const headers = (contentType: string) => new Map([["content-type", [contentType]]]);
  const report = "Feedback-Type: abuse\nUser-Agent: Test/1\nVersion: 1\nOriginal-Rcpt-To: <Nora@Client.test>\n";
  it("reads the feedback type, the recipient and the reported mail's Message-ID", () => {
    expect(
      detectComplaint({
        contentType: "multipart/report",
        headers: headers('multipart/report; report-type=feedback-report; boundary="x"'),
        feedbackReport: report,
        returnedHeaders: "From: a@b.test\nMessage-ID:\n <abc.def@example.test>\nSubject: x",
      }),
    ).toEqual({ feedbackType: "abuse", recipient: "nora@client.test", originalMessageIds: ["<abc.def@example.test>"] });
  });

  it.each([
    ["a delivery report", 'multipart/report; report-type=delivery-status; boundary="x"', report],
    ["a not-spam report", 'multipart/report; report-type=feedback-report; boundary="x"', "Feedback-Type: not-spam\n"],
    ["a report without its machine part", 'multipart/report; report-type=feedback-report; boundary="x"', null],
  ])("ignores %s", (_, contentType, feedbackReport) => {
    expect(detectComplaint({ contentType: "multipart/report", headers: headers(contentType), feedbackReport, returnedHeaders: null })).toBeNull();
  });
});
