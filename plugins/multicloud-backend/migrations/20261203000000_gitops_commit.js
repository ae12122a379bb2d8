// @ts-check

/**
 * What became of a failover's weights in the service's repository (GitOps): the commit's sha and
 * link, the pull request's link, or why they were not committed (JSON, `GitOpsCommit`).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('multicloud_failovers', table => {
    table.text('gitops_commit').nullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('multicloud_failovers', table => {
    table.dropColumn('gitops_commit');
  });
};
