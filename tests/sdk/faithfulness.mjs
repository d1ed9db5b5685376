// Drives a running pcsync-sim with the official AWS SDK for JavaScript v3: every operation, full pagination,
// each error class checked by instanceof/name, and the simulator's own stats at the end.
// Env: PCSYNC_SIM_ENDPOINT (http://127.0.0.1:PORT), PCSYNC_SIM_ACCESS_KEY_ID, PCSYNC_SIM_SECRET_ACCESS_KEY,
//      PCSYNC_SIM_EXPECTED_INVITATIONS.
import * as pc from "@aws-sdk/client-partnercentral-selling";
import assert from "node:assert/strict";

const endpoint = process.env.PCSYNC_SIM_ENDPOINT;
const credentials = {
  accessKeyId: process.env.PCSYNC_SIM_ACCESS_KEY_ID,
  secretAccessKey: process.env.PCSYNC_SIM_SECRET_ACCESS_KEY,
};
const expected = Number(process.env.PCSYNC_SIM_EXPECTED_INVITATIONS);
const Catalog = "Sandbox";
// One attempt: the SDK must see each error as the simulator sent it, not a retried success.
const client = new pc.PartnerCentralSellingClient({ endpoint, region: "us-east-1", credentials, maxAttempts: 1 });
const send = (Command, input) => client.send(new Command(input));
const checks = [];
const check = (name, fn) => checks.push([name, fn]);

async function expectError(promise, ErrorClass, name) {
  try {
    await promise;
  } catch (e) {
    if (ErrorClass) assert.ok(e instanceof ErrorClass, `expected ${ErrorClass.name}, got ${e.name}: ${e.message}`);
    assert.equal(e.name, name);
    assert.ok(e instanceof pc.PartnerCentralSellingServiceException, `${e.name} is not a service exception`);
    assert.ok(e.$metadata.requestId, "no request id on the error");
    return e;
  }
  assert.fail(`expected ${name}, the call succeeded`);
}

let invitations = [];
let taskId;

check("ListEngagementInvitations pages to the end", async () => {
  const pages = pc.paginateListEngagementInvitations(
    { client, pageSize: 7 },
    { Catalog, ParticipantType: "RECEIVER", Sort: { SortOrder: "DESCENDING", SortBy: "InvitationDate" } });
  let pageCount = 0;
  for await (const page of pages) {
    pageCount++;
    assert.ok(page.$metadata.requestId, "no x-amzn-RequestId");
    invitations.push(...page.EngagementInvitationSummaries);
  }
  assert.equal(invitations.length, expected);
  assert.equal(new Set(invitations.map((i) => i.Id)).size, expected, "an invitation was repeated");
  assert.ok(pageCount >= Math.ceil(expected / 7));
  for (const i of invitations) {
    assert.match(i.Id, /^engi-[0-9a-z]{13}$/);
    assert.ok(i.InvitationDate instanceof Date && !isNaN(i.InvitationDate), "InvitationDate is not a Date");
    assert.equal(i.Receiver.Account.AwsAccountId.length, 12);
  }
  for (let k = 1; k < invitations.length; k++)
    assert.ok(invitations[k - 1].InvitationDate >= invitations[k].InvitationDate, "not sorted DESCENDING");
});

const pending = () => invitations.filter((i) => i.Status === "PENDING");

check("GetEngagementInvitation returns the payload", async () => {
  const out = await send(pc.GetEngagementInvitationCommand, { Catalog, Identifier: pending()[0].Id });
  assert.equal(out.Id, pending()[0].Id);
  const p = out.Payload.OpportunityInvitation;
  assert.ok(p.Customer.Industry && p.Customer.CompanyName);
  assert.match(p.Project.TargetCompletionDate, /^\d{4}-\d{2}-\d{2}$/);
  assert.equal(p.Project.ExpectedCustomerSpend[0].CurrencyCode, "USD");
});

check("StartEngagementByAcceptingInvitationTask is idempotent per ClientToken", async () => {
  const input = { Catalog, Identifier: pending()[0].Id, ClientToken: "sdk-token-1" };
  const a = await send(pc.StartEngagementByAcceptingInvitationTaskCommand, input);
  const b = await send(pc.StartEngagementByAcceptingInvitationTaskCommand, input);
  assert.match(a.TaskId, /^task-[0-9a-z]{13}$/);
  assert.equal(a.TaskId, b.TaskId);
  assert.ok(a.StartTime instanceof Date);
  taskId = a.TaskId;
});

check("a second ClientToken is a ConflictException", async () => {
  await expectError(send(pc.StartEngagementByAcceptingInvitationTaskCommand,
                         { Catalog, Identifier: pending()[0].Id, ClientToken: "sdk-token-2" }),
                    pc.ConflictException, "ConflictException");
});

check("RejectEngagementInvitation rejects", async () => {
  const id = pending()[1].Id;
  await send(pc.RejectEngagementInvitationCommand, { Catalog, Identifier: id, RejectionReason: "No capacity" });
  const out = await send(pc.GetEngagementInvitationCommand, { Catalog, Identifier: id });
  assert.equal(out.Status, "REJECTED");
  assert.equal(out.RejectionReason, "No capacity");
});

check("ListEngagementByAcceptingInvitationTasks lists the task", async () => {
  const out = await send(pc.ListEngagementByAcceptingInvitationTasksCommand,
                         { Catalog, MaxResults: 10, Sort: { SortOrder: "DESCENDING", SortBy: "StartTime" } });
  assert.ok(out.TaskSummaries.some((t) => t.TaskId === taskId));
});

check("ListOpportunityFromEngagementTasks lists seeded tasks", async () => {
  if (!pc.ListOpportunityFromEngagementTasksCommand) {
    console.log("NOTE: this SDK version has no ListOpportunityFromEngagementTasksCommand; skipped");
    return;
  }
  const out = await send(pc.ListOpportunityFromEngagementTasksCommand, { Catalog, MaxResults: 3 });
  assert.equal(out.TaskSummaries.length, 3);
  assert.ok(out.NextToken);
  const rest = await send(pc.ListOpportunityFromEngagementTasksCommand, { Catalog, MaxResults: 3, NextToken: out.NextToken });
  assert.equal(rest.TaskSummaries.length, 3);
  assert.ok(!rest.NextToken);
});

check("constraint violations are ValidationException", async () => {
  const e = await expectError(send(pc.ListEngagementInvitationsCommand,
                                   { Catalog, ParticipantType: "RECEIVER", MaxResults: 500 }),
                              pc.ValidationException, "ValidationException");
  assert.equal(e.Reason, "REQUEST_VALIDATION_FAILED");
  assert.equal(e.ErrorList[0].FieldName, "MaxResults");
});

check("unknown ids are ResourceNotFoundException", async () => {
  await expectError(send(pc.GetEngagementInvitationCommand, { Catalog, Identifier: "engi-0000000000000" }),
                    pc.ResourceNotFoundException, "ResourceNotFoundException");
});

check("a wrong secret is refused (InvalidSignatureException, 403)", async () => {
  const bad = new pc.PartnerCentralSellingClient({
    endpoint, region: "us-east-1", maxAttempts: 1,
    credentials: { accessKeyId: credentials.accessKeyId, secretAccessKey: "wrong-secret" },
  });
  const e = await expectError(bad.send(new pc.ListEngagementInvitationsCommand({ Catalog, ParticipantType: "RECEIVER" })),
                              null, "InvalidSignatureException");
  assert.equal(e.$metadata.httpStatusCode, 403);
});

check("a burst beyond the read quota meets ThrottlingException", async () => {
  const calls = Array.from({ length: 40 }, () =>
    send(pc.ListEngagementInvitationsCommand, { Catalog, ParticipantType: "RECEIVER", MaxResults: 1 }));
  const results = await Promise.allSettled(calls);
  const throttled = results.filter((r) => r.status === "rejected");
  assert.ok(throttled.length > 0, "no call was throttled");
  for (const r of throttled) {
    assert.ok(r.reason instanceof pc.ThrottlingException, `${r.reason.name}: ${r.reason.message}`);
    assert.equal(r.reason.$metadata.httpStatusCode, 429);
  }
});

check("the simulator saw no signature or validation failure from legitimate calls", async () => {
  const stats = await (await fetch(`${endpoint}/__sim/stats`)).json();
  const sig = stats.signature_failure_details;
  assert.equal(sig.length, 1, JSON.stringify(sig));  // the wrong-secret call only
  assert.equal(sig[0].detail.startsWith("signature mismatch"), true);
  const val = stats.validation_failure_details;
  assert.equal(val.length, 1, JSON.stringify(val));  // the MaxResults: 500 call only
  assert.equal(val[0].errors[0].FieldName, "MaxResults");
  assert.ok(stats.operations.ListOpportunityFromEngagementTasks?.ok >= 1 || !pc.ListOpportunityFromEngagementTasksCommand);
});

let failed = 0;
for (const [name, fn] of checks) {
  try {
    await fn();
    console.log(`ok   ${name}`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${name}: ${e.message}`);
  }
}
console.log(failed ? `${failed} of ${checks.length} checks failed` : `all ${checks.length} checks passed`);
process.exit(failed ? 1 : 0);
