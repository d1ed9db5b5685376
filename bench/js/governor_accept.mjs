// The SDK side of the governor benchmark: accept every PENDING invitation the way a straightforward script
// would with the official AWS SDK for JavaScript v3 — list PENDING, then one
// StartEngagementByAcceptingInvitationTask at a time, as fast as the SDK lets it (retryMode "adaptive",
// maxAttempts left at its default). An accept that still fails after the SDK's own retries is sent again with
// the same ClientToken, because the job is to accept them all; those resends are counted.
// Env: PCSYNC_SIM_ENDPOINT, PCSYNC_SIM_ACCESS_KEY_ID, PCSYNC_SIM_SECRET_ACCESS_KEY, BENCH_CATALOG,
//      BENCH_RETRY_MODE (default adaptive). Prints one JSON line.
import * as pc from "@aws-sdk/client-partnercentral-selling";
import { randomUUID } from "node:crypto";

const env = process.env;
const Catalog = env.BENCH_CATALOG ?? "Sandbox";
const retryMode = env.BENCH_RETRY_MODE ?? "adaptive";
const client = new pc.PartnerCentralSellingClient({
  endpoint: env.PCSYNC_SIM_ENDPOINT,
  region: "us-east-1",
  credentials: { accessKeyId: env.PCSYNC_SIM_ACCESS_KEY_ID, secretAccessKey: env.PCSYNC_SIM_SECRET_ACCESS_KEY },
  retryMode,
});

const ids = [];
const pages = pc.paginateListEngagementInvitations(
  { client, pageSize: 100 },
  { Catalog, ParticipantType: "RECEIVER", Status: ["PENDING"] });
for await (const page of pages) for (const s of page.EngagementInvitationSummaries ?? []) ids.push(s.Id);

let attempts = 0;   // HTTP requests the SDK reports having made for the accepts
let resends = 0;    // accepts that failed after the SDK's retries and were sent again by this script
const started = performance.now();
for (const Identifier of ids) {
  const ClientToken = randomUUID();
  for (;;) {
    try {
      const out = await client.send(
        new pc.StartEngagementByAcceptingInvitationTaskCommand({ Catalog, Identifier, ClientToken }));
      attempts += out.$metadata.attempts ?? 1;
      break;
    } catch (e) {
      attempts += e.$metadata?.attempts ?? 1;
      if (e.name !== "ThrottlingException") throw e;
      resends++;
    }
  }
}
const elapsed = (performance.now() - started) / 1000;
console.log(JSON.stringify({ retryMode, listed: ids.length, attempts, resends, accept_loop_seconds: elapsed }));
