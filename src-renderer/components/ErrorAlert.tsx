import type { ReactNode } from 'react'

/** The one way a screen shows that something failed: a sentence a person can act on. */
export function ErrorAlert({ error, children, inline = false }: { error?: unknown; children?: ReactNode; inline?: boolean }) {
  const message = children ?? (error instanceof Error ? error.message : error ? String(error) : null)
  if (!message) return null
  const Tag = inline ? 'span' : 'p'
  return (
    <Tag className="alert error" role="alert">
      {message}
    </Tag>
  )
}
