// github:setup's work, given its inputs and an Api: the wanted settings from the catalogue, Terraform's
// outputs and the init values; every read first and every problem found before the first write; then the
// writes, only where GitHub differs (a second run sends nothing). A dry run prints the calls and sends none.
import { summaryJob } from '../../workflows/steps.js';
import { type Api, type Call, formatCall } from './api.js';
import { ENVIRONMENTS, SECRETS, type TerraformEnv, VARIABLES } from './catalogue.js';
import {
  mainRuleset,
  planActions,
  planEnvironment,
  planRuleset,
  resolveApp,
  resolveReviewers,
  tagRuleset,
} from './plan-repo.js';
import { type DesiredSecret, type DesiredVariable, planSecrets, planVariables } from './plan-values.js';
import { type InitValues, initValue, SetupError } from './values.js';

export interface SetupInputs {
  /** owner/name */
  readonly repo: string;
  readonly values: InitValues;
  /** `terraform output -json` of terraform/environment for <env>, parsed. */
  readonly outputs: Readonly<Record<TerraformEnv, Readonly<Record<string, string>>>>;
  /** terraform/bootstrap's outputs. */
  readonly bootstrap: Readonly<Record<string, string>>;
  /** Secret values by secret name, as the caller gave them (never printed). */
  readonly secrets: Readonly<Record<string, string | undefined>>;
  /** Where each secret can be given, by secret name, for the error when it is missing. */
  readonly secretHints: Readonly<Record<string, string>>;
}

export interface SetupOptions {
  readonly dryRun: boolean;
  /** Replace secrets GitHub already holds (it never returns their values to compare). */
  readonly replaceSecrets: boolean;
  readonly log: (line: string) => void;
}

/** The required check of main's ruleset: the pull-request workflow's Summary job. */
export const REQUIRED_CHECK = summaryJob([]).name;

export function desiredVariables(inputs: SetupInputs): DesiredVariable[] {
  const problems: string[] = [];
  const wanted = VARIABLES.flatMap(({ name, environment, from, optional }): DesiredVariable[] => {
    const value =
      'terraform' in from
        ? inputs.outputs[from.terraform][from.output]
        : 'bootstrap' in from
          ? inputs.bootstrap[from.bootstrap]
          : initValue(inputs.values, from.value);
    if (value === undefined || value === '') {
      if (optional === undefined) problems.push(`variable ${name} has no value (${JSON.stringify(from)})`);
      return [];
    }
    return [{ name, ...(environment !== undefined && { environment }), value }];
  });
  if (problems.length > 0) throw new SetupError(problems.join('; '));
  return wanted;
}

export function desiredSecrets(inputs: SetupInputs): DesiredSecret[] {
  return SECRETS.map(({ name, environment, optional }) => {
    const value = inputs.secrets[name];
    return {
      name,
      ...(environment !== undefined && { environment }),
      ...(value !== undefined && { value }),
      hint: inputs.secretHints[name] ?? '',
      ...(optional !== undefined && { optional }),
    };
  });
}

/** Plans every write; throws a SetupError naming every problem before any write. */
export async function plan(api: Api, inputs: SetupInputs, replaceSecrets: boolean): Promise<Call[]> {
  const { repo, values } = inputs;
  const variables = desiredVariables(inputs);
  const reviewers = await resolveReviewers(api, values.reviewers);
  const appId = await resolveApp(api, values.appSlug, values.appClientId);
  const calls: Call[] = [];
  // Environments first: their variables and secrets need them to exist.
  for (const environment of ENVIRONMENTS)
    calls.push(...(await planEnvironment(api, repo, environment, reviewers)));
  calls.push(...(await planVariables(api, repo, variables)));
  const secrets = await planSecrets(api, repo, desiredSecrets(inputs), replaceSecrets);
  if (secrets.problems.length > 0) throw new SetupError(secrets.problems.join('; '));
  calls.push(...secrets.calls);
  calls.push(...(await planRuleset(api, repo, mainRuleset(appId, REQUIRED_CHECK, values.requiredApprovals))));
  calls.push(...(await planRuleset(api, repo, tagRuleset(reviewers))));
  calls.push(...(await planActions(api, repo)));
  return calls;
}

/** Plans, then sends each call (or, in a dry run, prints it); returns the calls. */
export async function setup(api: Api, inputs: SetupInputs, options: SetupOptions): Promise<Call[]> {
  const calls = await plan(api, inputs, options.replaceSecrets);
  for (const call of calls) {
    if (options.dryRun) {
      options.log(`would: ${call.what}`);
      options.log(`  ${formatCall(call)}`);
      continue;
    }
    await api.send(call.method, call.path, call.body === undefined ? undefined : await call.body(api));
    options.log(call.what);
  }
  if (calls.length === 0) options.log(`${inputs.repo}: every setting already as wanted, nothing changed`);
  return calls;
}
