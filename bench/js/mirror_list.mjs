// The SDK side of the mirror benchmark: what a mirror written with the official AWS SDK for JavaScript v3
// does at minimum — page through every invitation (all statuses, 100 per page, newest first, as pcsyncd's
// reconcile does), keep the summaries in memory, then write them to a JSON file (pcsyncd writes SQLite).
// Env: PCSYNC_SIM_ENDPOINT, PCSYNC_SIM_ACCESS_KEY_ID, PCSYNC_SIM_SECRET_ACCESS_KEY, BENCH_CATALOG,
//      BENCH_OUT (the JSON file). Prints one JSON line.
import * as pc from "@aws-sdk/client-partnercentral-selling";
import { writeFileSync } from "node:fs";

const env = process.env;
const Catalog = env.BENCH_CATALOG ?? "AWS";
const client = new pc.PartnerCentralSellingClient({
  endpoint: env.PCSYNC_SIM_ENDPOINT,
  region: "us-east-1",
  credentials: { accessKeyId: env.PCSYNC_SIM_ACCESS_KEY_ID, secretAccessKey: env.PCSYNC_SIM_SECRET_ACCESS_KEY },
});

const items = [];
let pageCount = 0;
const pages = pc.paginateListEngagementInvitations(
  { client, pageSize: 100 },
  { Catalog, ParticipantType: "RECEIVER", Sort: { SortOrder: "ASCENDING", SortBy: "InvitationDate" } });
for await (const page of pages) {
  pageCount++;
  items.push(...(page.EngagementInvitationSummaries ?? []));
}
writeFileSync(env.BENCH_OUT, JSON.stringify(items));
console.log(JSON.stringify({ pages: pageCount, items: items.length, distinct: new Set(items.map((i) => i.Id)).size }));
