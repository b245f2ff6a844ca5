import { z } from 'zod'
import { Empty, type CallTable } from '../contract/define'

// Saved views: a named set of the payments list's filters (the query string of its address,
// #/payments?status=Captured&range=7d), kept in the app database so they survive a restart,
// a new browser port and a connection switch.

export const SavedView = z
  .object({
    name: z.string().trim().min(1, 'give the view a name').max(40, 'a view name has at most 40 characters'),
    /** The list's address parameters, without the leading "?". */
    query: z.string().max(2000).regex(/^[\w\-.~%+=&,:]*$/, 'not a payments list address'),
  })
  .strict()
export type SavedView = z.infer<typeof SavedView>
export const SavedViews = z.array(SavedView).max(50)
export type SavedViews = z.infer<typeof SavedViews>

export const viewsCalls = {
  'views.list': { input: Empty, output: SavedViews },
  /** Saves a view under its name (a view of the same name is replaced). */
  'views.save': { input: SavedView, output: SavedViews },
  'views.delete': { input: SavedView.pick({ name: true }).strict(), output: SavedViews },
} satisfies CallTable
