import { randomBytes } from 'node:crypto'
import type { AppContext } from '../../context.ts'
import { inTransaction } from '../../db/tx.ts'

/**
 * The environment's IPsec pre-shared key: the driver stack's RANCHER_IPSEC_PSK answer when the
 * operator set one, otherwise a secret generated on first use and kept in
 * `environments.ipsec_psk`, so every host (and every restart) gets the same key. Only the agent
 * API's desired state carries it.
 */
export async function ipsecPsk(ctx: AppContext, environmentId: string, answers: Record<string, string>): Promise<string> {
  const answered = answers.RANCHER_IPSEC_PSK
  // as everywhere in Rancher answers, an empty string counts as not set
  if (answered !== undefined && answered.trim() !== '') return answered
  const stored = await ctx.db.selectFrom('environments').select('ipsec_psk').where('id', '=', environmentId).executeTakeFirst()
  if (stored?.ipsec_psk) return stored.ipsec_psk
  return inTransaction(ctx.db, ctx.bus, async (tx) => {
    // hosts fetching at once: the first write wins and everyone reads that one
    await tx.db
      .updateTable('environments')
      .set({ ipsec_psk: randomBytes(32).toString('base64url') })
      .where('id', '=', environmentId)
      .where('ipsec_psk', 'is', null)
      .execute()
    const row = await tx.db.selectFrom('environments').select('ipsec_psk').where('id', '=', environmentId).executeTakeFirstOrThrow()
    return row.ipsec_psk!
  })
}
