export { ActionsReporter } from './reporter.js';
export {
  booleanInput,
  choiceInput,
  jsonObjectInput,
  optionalBooleanInput,
  optionalNumberInput,
  positiveIntInput,
  readCommonInputs,
  type CommonInputs
} from './inputs.js';
export { runAction } from './run.js';
export {
  commentOnPullRequest,
  upsertPullRequestComment,
  workflowRunLinks,
  type UpsertCommentOptions,
  type UpsertCommentResult
} from './pr-comment.js';
export { readAzureCredentials, AZURE_OIDC_AUDIENCE } from './azure-auth.js';
