// Every SQL statement of a person's own account settings that is not about signing in: their name.
import { writeTransaction, type DB } from '../db/database.js';
import { recordActivity } from '../team/activity.js';
import type { Actor } from '../team/queries.js';

export async function renameSelf(db: DB, actor: Actor, name: string): Promise<void> {
  await writeTransaction(db, async (trx) => {
    const before = await trx
      .selectFrom('users')
      .select('name')
      .where('id', '=', actor.userId)
      .executeTakeFirstOrThrow();
    if (before.name === name) return;
    await trx.updateTable('users').set({ name }).where('id', '=', actor.userId).execute();
    await recordActivity(trx, {
      workspaceId: actor.workspaceId,
      actorId: actor.userId,
      action: 'member.renamed',
      subjectId: actor.userId,
      details: { from: before.name, to: name },
      at: actor.now,
    });
  });
}
