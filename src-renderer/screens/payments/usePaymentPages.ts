import { useCallback, useEffect, useRef, useState } from 'react'
import type { PaymentListRow } from '../../../src-main/contract'
import type { PaymentFilter, PaymentSort } from '../../../src-main/store/payment-filter'
import { call } from '../../lib/api'

const PAGE = 200

/** The list's rows, loaded page by page (keyset cursors) as the table scrolls. */
export function usePaymentPages(filter: PaymentFilter, sort: PaymentSort, reloadKey: number) {
  const [rows, setRows] = useState<PaymentListRow[]>([])
  const [next, setNext] = useState<string | null>(null)
  const [loading, setLoading] = useState(false)
  const [error, setError] = useState<string | null>(null)
  // Answers for an older filter are dropped.
  const generation = useRef(0)
  const key = JSON.stringify([filter, sort, reloadKey])

  useEffect(() => {
    const mine = ++generation.current
    setLoading(true)
    setError(null)
    call('payments.list', { filter, sort, cursor: null, limit: PAGE }).then(
      (page) => {
        if (mine !== generation.current) return
        setRows(page.rows)
        setNext(page.next)
        setLoading(false)
      },
      (e: Error) => {
        if (mine !== generation.current) return
        setError(e.message)
        setLoading(false)
      },
    )
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key])

  const loadMore = useCallback(() => {
    if (!next || loading) return
    const mine = generation.current
    setLoading(true)
    call('payments.list', { filter, sort, cursor: next, limit: PAGE }).then(
      (page) => {
        if (mine !== generation.current) return
        setRows((previous) => [...previous, ...page.rows])
        setNext(page.next)
        setLoading(false)
      },
      (e: Error) => {
        if (mine !== generation.current) return
        setError(e.message)
        setLoading(false)
      },
    )
  }, [next, loading, filter, sort])

  return { rows, hasMore: next !== null, loading, error, loadMore }
}
