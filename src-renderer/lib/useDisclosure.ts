import { useEffect, useRef } from 'react'

/**
 * A <details> pop-over that behaves like a menu: a click outside it or Escape closes it, and
 * Escape puts focus back on its summary. Returns the ref to put on the <details>.
 */
export function useDisclosure() {
  const details = useRef<HTMLDetailsElement>(null)
  useEffect(() => {
    const close = (event: Event) => {
      if (details.current?.open && !details.current.contains(event.target as Node)) details.current.open = false
    }
    const escape = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && details.current?.open) {
        details.current.open = false
        details.current.querySelector('summary')?.focus()
      }
    }
    document.addEventListener('mousedown', close)
    document.addEventListener('keydown', escape)
    return () => {
      document.removeEventListener('mousedown', close)
      document.removeEventListener('keydown', escape)
    }
  }, [])
  return details
}

/** Closes a disclosure from inside it (after a choice in its menu). */
export function closeDisclosure(details: HTMLDetailsElement | null): void {
  if (details) details.open = false
}
