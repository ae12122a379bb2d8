// @ts-check

/**
 * Which backend finishes a failover (its commit and record steps): the first to claim it. Two
 * backends follow one attempt when a starting backend resumes a failover that another one, still
 * draining (a rolling restart) or still running (a replica added), follows as well; the claim
 * keeps them from committing the weights twice.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('multicloud_failovers', table => {
    table.string('finished_by').nullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('multicloud_failovers', table => {
    table.dropColumn('finished_by');
  });
};
