// @ts-check

/**
 * Which backend follows a running failover, and when it last said it still does (a heartbeat).
 * A backend that dies mid-way stops beating; another one takes the attempt over once the beat is
 * stale (FailoverService.recoverUnfinished, run at start and then periodically), so a stopped
 * backend never leaves a service's failover lock held until the next restart.
 * Running attempts written before this migration get their start as their last beat.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('multicloud_failovers', table => {
    table.string('followed_by').nullable();
    table.string('followed_at').nullable();
  });
  await knex('multicloud_failovers')
    .where({ outcome: 'running' })
    .update({ followed_at: knex.ref('started_at') });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('multicloud_failovers', table => {
    table.dropColumn('followed_by');
    table.dropColumn('followed_at');
  });
};
