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

  const fetchPage = useCallback(
    (cursor: string | null) => {
      const mine = cursor === null ? ++generation.current : generation.current
      setLoading(true)
      if (cursor === null) setError(null)
      call('payments.list', { filter, sort, cursor, limit: PAGE }).then(
        (page) => {
          if (mine !== generation.current) return
          setRows((previous) => (cursor === null ? page.rows : [...previous, ...page.rows]))
          setNext(page.next)
          setLoading(false)
        },
        (e: Error) => {
          if (mine !== generation.current) return
          setError(e.message)
          setLoading(false)
        },
      )
    },
    // The key stands for filter and sort, which are new objects on every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [key],
  )

  useEffect(() => fetchPage(null), [fetchPage])

  const loadMore = useCallback(() => {
    if (next && !loading) fetchPage(next)
  }, [next, loading, fetchPage])

  return { rows, hasMore: next !== null, loading, error, loadMore }
}
