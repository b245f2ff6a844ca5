import SQLite from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { cachingStatements } from '../../../src-main/store/statement-cache'

describe('the statement cache kysely prepares through', () => {
  it('hands back the statement prepared for the same SQL, a fresh one while it is still iterating, and forgets the least recently used', () => {
    const sqlite = new SQLite(':memory:')
    sqlite.exec('create table t (n integer); insert into t values (1), (2), (3)')
    const db = cachingStatements(sqlite, 2)
    const first = db.prepare('select n from t order by n')
    expect(db.prepare('select n from t order by n')).toBe(first)
    const iterating = (first as unknown as SQLite.Statement).iterate()
    iterating.next()
    const second = db.prepare('select n from t order by n')
    expect(second).not.toBe(first)
    expect(second.all([])).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }])
    iterating.return?.()
    db.prepare('select 1')
    db.prepare('select 2')
    expect(db.prepare('select n from t order by n')).not.toBe(second)
    db.close()
  })
})
