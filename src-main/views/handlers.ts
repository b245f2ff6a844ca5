import type { Kysely } from 'kysely'
import type { HandlersOf } from '../contract/define'
import { AppError } from '../contract/errors'
import type { EventSink } from '../contract/events'
import { readSetting, writeSetting } from '../settings/settings-repo'
import type { AppDatabase } from '../store/app-database'
import { SavedViews, type viewsCalls } from './contract'

// Saved views live in the app database (settings table), one list for every connection.

const KEY = 'savedViews'
const MAX_VIEWS = 50

interface ViewsDeps {
  settingsDb: Kysely<AppDatabase>
  events: EventSink
  clock: () => Date
}

const read = async (db: Kysely<AppDatabase>) => (await readSetting(db, KEY, SavedViews)) ?? []

async function write(deps: ViewsDeps, views: SavedViews) {
  await writeSetting(deps.settingsDb, KEY, views, deps.clock())
  deps.events.emit({ type: 'changed', topic: 'settings' })
  return views
}

export const viewsHandlers: HandlersOf<typeof viewsCalls, ViewsDeps> = {
  'views.list': ({ settingsDb }) => read(settingsDb),
  'views.save': async (deps, view) => {
    const others = (await read(deps.settingsDb)).filter((v) => v.name.toLowerCase() !== view.name.toLowerCase())
    if (others.length >= MAX_VIEWS) throw new AppError('invalid_input', `At most ${MAX_VIEWS} saved views: delete one first.`)
    return write(deps, [...others, view].sort((a, b) => a.name.localeCompare(b.name)))
  },
  'views.delete': async (deps, { name }) => write(deps, (await read(deps.settingsDb)).filter((v) => v.name !== name)),
}
