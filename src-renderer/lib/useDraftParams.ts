import { useCallback, useEffect, useRef, useState } from 'react'
import { applyParamChanges } from './param-changes'

/**
 * Filter inputs edit a local draft of the address's parameters, shown at once, and the
 * address is written a moment later with everything changed meanwhile. The inputs never wait
 * for the router (a checkbox no longer flips back until the address catches up), and several
 * quick changes run one query. A change of the address from elsewhere (back, a link, Clear)
 * replaces the draft when nothing is waiting to be written.
 */
export function useDraftParams(params: URLSearchParams, write: (changes: Record<string, string | null>) => void) {
  const [draft, setDraft] = useState(() => new URLSearchParams(params))
  const pending = useRef<Record<string, string | null>>({})
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null)
  const writeRef = useRef(write)
  useEffect(() => {
    writeRef.current = write
  }, [write])

  const flush = useCallback(() => {
    if (timer.current) clearTimeout(timer.current)
    timer.current = null
    const changes = pending.current
    pending.current = {}
    if (Object.keys(changes).length) writeRef.current(changes)
  }, [])

  useEffect(() => {
    if (!timer.current) setDraft(new URLSearchParams(params))
  }, [params])
  useEffect(() => () => flush(), [flush])

  const change = useCallback(
    (changes: Record<string, string | null>, delayMs: number) => {
      setDraft((previous) => applyParamChanges(previous, changes))
      pending.current = { ...pending.current, ...changes }
      if (timer.current) clearTimeout(timer.current)
      timer.current = setTimeout(flush, delayMs)
    },
    [flush],
  )
  return { draft, change, flush }
}
