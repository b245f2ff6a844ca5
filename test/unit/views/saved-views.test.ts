import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { dispatch } from '../../../src-main/app/dispatch'
import { handlers } from '../../../src-main/app/handler-map'
import { makeTestApp } from '../../fixtures/app-context'
import type { SavedView } from '../../../src-main/views/contract'

let app: Awaited<ReturnType<typeof makeTestApp>>
beforeEach(async () => (app = await makeTestApp()))
afterEach(() => app.dispose())

const call = async (name: 'views.list' | 'views.save' | 'views.delete', input: unknown = {}) => {
  const result = await dispatch(handlers, app.registry, name, input)
  if (!result.ok) throw new Error(result.error.message)
  return result.value as SavedView[]
}

describe('saved views', () => {
  it('keep named filter sets in name order, replace one saved again under the same name in any case, and delete', async () => {
    expect(await call('views.list')).toEqual([])
    await call('views.save', { name: 'Refunds this week', query: 'status=Refunded&range=7d' })
    await call('views.save', { name: 'Declined GBP', query: 'outcome=declined&currency=GBP' })
    expect((await call('views.list')).map((v) => v.name)).toEqual(['Declined GBP', 'Refunds this week'])
    await call('views.save', { name: 'declined gbp', query: 'outcome=declined&currency=GBP%2CEUR' })
    expect(await call('views.list')).toEqual([
      { name: 'declined gbp', query: 'outcome=declined&currency=GBP%2CEUR' },
      { name: 'Refunds this week', query: 'status=Refunded&range=7d' },
    ])
    expect(await call('views.delete', { name: 'Refunds this week' })).toEqual([{ name: 'declined gbp', query: 'outcome=declined&currency=GBP%2CEUR' }])
  })

  it('refuse a nameless view with a sentence', async () => {
    const result = await dispatch(handlers, app.registry, 'views.save', { name: '  ', query: '' })
    expect(result).toEqual({ ok: false, error: { code: 'invalid_input', message: 'Check the name: give the view a name.' } })
  })
})
