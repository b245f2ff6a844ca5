import type { Kysely } from 'kysely'
import type { z } from 'zod'
import type { AppDatabase } from '../store/app-database'

/** Reads one setting; a stored value that no longer fits its schema counts as unset. */
export async function readSetting<S extends z.ZodType>(db: Kysely<AppDatabase>, key: string, schema: S): Promise<z.output<S> | null> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst()
  if (!row) return null
  const parsed = schema.safeParse(JSON.parse(row.value))
  return parsed.success ? parsed.data : null
}

export async function writeSetting(db: Kysely<AppDatabase>, key: string, value: unknown, now: Date): Promise<void> {
  const json = JSON.stringify(value)
  await db
    .insertInto('settings')
    .values({ key, value: json, updated_at: now.toISOString() })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: json, updated_at: now.toISOString() }))
    .execute()
}
