export { ActionsReporter } from './reporter.js';
export { planFromInputs, readCommonInputs, type CommonInputs } from './inputs.js';
export { runAction } from './run.js';
export {
  upsertPullRequestComment,
  type UpsertCommentOptions,
  type UpsertCommentResult
} from './pr-comment.js';
export { readAzureCredentials, AZURE_OIDC_AUDIENCE } from './azure-auth.js';
