/**
 * PhantomBuster API v2 answers and the webhook payload as PhantomBuster documents them (recorded examples: no v2 spec
 * is among ../shared/specs). Each names its source; ids and values are the documentation's placeholders.
 */

/** https://hub.phantombuster.com/docs/using-webhooks ("Example of a successful Phantom webhook payload"). */
export const webhook = {
  agentId: "5027055349780535",
  agentName: "Test Script",
  containerId: "3358014727012763",
  script: "test_script_50516785467.js",
  scriptOrg: "phantombuster",
  branch: "test-branch-0545107204",
  launchDuration: 121,
  runDuration: 1850,
  resultObject: "{\"profiles\":[{\"url\":\"https://www.linkedin.com/in/example\"}]}",
  exitMessage: "finished",
  exitCode: 0
}

/** https://hub.phantombuster.com/reference/post_agents-launch (200: the launch's container id). */
export const launched = { containerId: "3358014727012763" }

/** https://hub.phantombuster.com/reference/get_agents-fetch (fields of IAgentFetch). */
export const agent = {
  id: "5027055349780535",
  name: "LinkedIn Search Export",
  scriptId: "3149",
  script: "LinkedIn Search Export.js",
  branch: "master",
  environment: "release",
  argument: "{\"numberOfProfiles\":10}",
  lastEndType: "finished",
  s3Folder: "aBcDeFgHiJkLmN",
  orgS3Folder: "oPqRsTuVwXyZ"
}

/** https://hub.phantombuster.com/reference/get_agents-fetch-output (required: status, isAgentRunning, canSoftAbort). */
export const output = {
  containerId: "3358014727012763",
  status: "finished",
  output: "Agent started\nDone\n",
  outputPos: 20,
  mostRecentEndedAt: 1700000000000,
  progress: 1,
  isAgentRunning: false,
  canSoftAbort: false
}

/** https://hub.phantombuster.com/reference/get_containers-fetch. */
export const container = {
  id: "3358014727012763",
  status: "finished",
  createdAt: 1700000000000,
  launchType: "user api call",
  endType: "finished",
  endedAt: 1700000030000,
  launchedAt: 1700000000500,
  exitCode: 0,
  retryNumber: 0
}

/** https://hub.phantombuster.com/reference/get_containers-fetch-result-object. */
export const resultObject = { resultObject: "[{\"profileUrl\":\"https://www.linkedin.com/in/example\"}]" }
