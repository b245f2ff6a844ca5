import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query'
import { useCallback, useMemo } from 'react'
import type { PaymentFilter, PaymentSort } from '../../../src-main/contract'
import { call, type CallFailed } from '../../lib/api'

const PAGE = 200

/**
 * The list's rows, loaded page by page (keyset cursors) as the table scrolls. Keyed by filter
 * and sort, so an answer for an older filter never lands; refetched when payments change.
 */
export function usePaymentPages(filter: PaymentFilter, sort: PaymentSort) {
  const query = useInfiniteQuery({
    queryKey: ['payments.list', { filter, sort }],
    queryFn: ({ pageParam }) => call('payments.list', { filter, sort, cursor: pageParam, limit: PAGE }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next,
    // The old rows stay while a new filter loads (no blank table), but never under an error.
    placeholderData: keepPreviousData,
  })
  const { data, hasNextPage, isFetching, isFetchingNextPage, fetchNextPage, error } = query
  const rows = useMemo(() => (error ? [] : (data?.pages.flatMap((page) => page.rows) ?? [])), [data, error])
  const loadMore = useCallback(() => {
    if (hasNextPage && !isFetchingNextPage) void fetchNextPage()
  }, [hasNextPage, isFetchingNextPage, fetchNextPage])
  return { rows, hasMore: Boolean(hasNextPage), loading: isFetching, error: (error as CallFailed | null)?.message ?? null, loadMore }
}
