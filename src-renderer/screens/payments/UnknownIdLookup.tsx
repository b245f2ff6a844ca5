import { useEffect, useState } from 'react'
import { call } from '../../lib/api'

const PAYMENT_ID = /^(pay_)?([a-z0-9]{26})$/i

/**
 * A payment id pasted in the search that is not on this computer (made since the last sync,
 * or older than it reached) is read from Checkout.com and stored; the list then shows it.
 */
export function UnknownIdLookup({ q }: { q: string }) {
  const match = PAYMENT_ID.exec(q.trim())
  const id = match ? `pay_${match[2]!.toLowerCase()}` : null
  const [state, setState] = useState<{ id: string; text: string; ok: boolean } | null>(null)
  useEffect(() => {
    if (!id) return
    let live = true
    call('payments.refresh', { id })
      .then(() => live && setState({ id, text: `Fetched ${id} from Checkout.com and stored it.`, ok: true }))
      .catch((e: Error) => live && setState({ id, text: /no such resource|404/i.test(e.message) ? `Checkout.com has no payment ${id} on this account.` : `Could not ask Checkout.com for ${id}: ${e.message}`, ok: false }))
    return () => {
      live = false
    }
  }, [id])
  if (!id) return null
  const shown = state?.id === id ? state : { text: `Not on this computer yet: asking Checkout.com for ${id}…`, ok: true }
  return (
    <p className={shown.ok ? 'alert success lookup' : 'alert warning lookup'} role="status">
      {shown.text}
    </p>
  )
}
