import { useEffect } from 'react'

/** Escape calls `onEscape` while `enabled` (a dialog not busy sending): one listener, removed when the dialog goes. */
export function useEscapeKey(onEscape: () => void, enabled: boolean) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && enabled && onEscape()
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [onEscape, enabled])
}
