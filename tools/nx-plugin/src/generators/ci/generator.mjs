// `nx g @repo/nx-plugin:ci`: writes each service's CI pipeline from tools/ci/templates (see tools/ci/README.md).
import { readNxJson } from '@nx/devkit';
import {
  AFFECTED_WORKFLOW, GENERATED_MARKER, GITHUB_WORKFLOWS_DIR, GITLAB_PIPELINE_FILE,
  renderAffectedWorkflow, renderFleetWorkflow, renderGitlabPipeline, renderServiceWorkflow, serviceUrlVariable, serviceWorkflowFile,
} from '../../../../ci/src/pipelines.mjs';

/** @typedef {import('@nx/devkit').Tree} Tree */

/**
 * @typedef {object} CiGeneratorOptions
 * @property {string} [service] only this service (default: all)
 * @property {boolean} [github] write the GitHub Actions workflows (default true)
 * @property {boolean} [gitlab] write .gitlab-ci.yml (default false)
 * @property {string} [branch] the deploying branch (default: nx.json defaultBase, else main)
 * @property {number} [shards] runners that migrate a fleet at once (default 4)
 */

/** The services of the workspace: folders under services/ with migrate.config.json and package.json, as the plugin sees them. */
export function listServices(/** @type {Tree} */ tree) {
  if (!tree.exists('services')) return [];
  return tree.children('services')
    .filter((name) => tree.exists(`services/${name}/migrate.config.json`) && tree.exists(`services/${name}/package.json`))
    .sort();
}

/** @param {Tree} tree @param {string} [given] */
export function deployBranch(tree, given) {
  return given ?? readNxJson(tree)?.defaultBase ?? 'main';
}

/** A fleet: its migrate.config.json names "databases" (many databases, one schema). @param {Tree} tree @param {string} service */
export function isFleet(tree, service) {
  try {
    return JSON.parse(tree.read(`services/${service}/migrate.config.json`, 'utf-8') ?? '{}').databases !== undefined;
  } catch {
    return false;
  }
}

/**
 * A fleet gets the matrix workflow (its databases split over `shards` runners); any other service, one job.
 * @param {Tree} tree @param {string} service @param {string} branch @param {{ shards?: number }} [options]
 */
export function writeServiceWorkflow(tree, service, branch, options = {}) {
  const text = isFleet(tree, service)
    ? renderFleetWorkflow(service, { branch, ...(options.shards === undefined ? {} : { shards: options.shards }) })
    : renderServiceWorkflow(service, { branch });
  tree.write(serviceWorkflowFile(service), text);
}

/** Deletes generated migrate-<x>.yml workflows whose service is gone. @param {Tree} tree @param {readonly string[]} services */
function removeStaleWorkflows(tree, services) {
  if (!tree.exists(GITHUB_WORKFLOWS_DIR)) return;
  for (const file of tree.children(GITHUB_WORKFLOWS_DIR)) {
    const service = /^migrate-(.+)\.yml$/.exec(file)?.[1];
    const path = `${GITHUB_WORKFLOWS_DIR}/${file}`;
    if (service === undefined || services.includes(service)) continue;
    if (tree.read(path, 'utf-8')?.startsWith(GENERATED_MARKER)) tree.delete(path);
  }
}

/**
 * @param {Tree} tree
 * @param {CiGeneratorOptions} options
 */
export default async function ciGenerator(tree, options) {
  const all = listServices(tree);
  if (options.service !== undefined && !all.includes(options.service)) {
    throw new Error(`Unknown service "${options.service}": no services/${options.service}/migrate.config.json. Services: ${all.join(', ') || '(none)'}.`);
  }
  const services = options.service === undefined ? all : [options.service];
  const branch = deployBranch(tree, options.branch);
  if (options.github !== false) {
    for (const service of services) writeServiceWorkflow(tree, service, branch, { shards: options.shards });
    tree.write(`${GITHUB_WORKFLOWS_DIR}/${AFFECTED_WORKFLOW}`, renderAffectedWorkflow({ branch }));
    if (options.service === undefined) removeStaleWorkflows(tree, all);
  }
  if (options.gitlab) tree.write(GITLAB_PIPELINE_FILE, renderGitlabPipeline(all, { branch }));
  return () => {
    const variables = services.map(serviceUrlVariable).join(', ');
    console.log(`\nDeploys run on pushes to ${branch}. Set the secret DATABASE_URL (the server) or per service ${variables}; `
      + 'without them the migrate job fails (it never migrates another database instead).');
  };
}
