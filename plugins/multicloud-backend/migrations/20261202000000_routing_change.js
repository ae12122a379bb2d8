// @ts-check

/**
 * The global routing's id of the change a failover waits for (Route53's change id), kept with
 * the attempt so that a backend restarted mid-failover resumes the wait.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('multicloud_failovers', table => {
    table.text('routing_change').nullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('multicloud_failovers', table => {
    table.dropColumn('routing_change');
  });
};
