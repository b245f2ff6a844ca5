import { AppEvent, type EventSink } from '../contract/events'
import type { Logger } from '../logger'

// Fans the main process's events out to every open page (IPC in Electron, SSE in the host).
export interface EventBus extends EventSink {
  subscribe(listener: (event: AppEvent) => void): () => void
}

export function createEventBus(logger: Logger): EventBus {
  const listeners = new Set<(event: AppEvent) => void>()
  return {
    emit(event) {
      // Validated here, like a call's output: a page never receives an event it cannot read.
      const parsed = AppEvent.safeParse(event)
      if (!parsed.success) {
        logger.log('error', 'an event failed its schema', { type: event.type })
        return
      }
      for (const listener of listeners) {
        try {
          listener(parsed.data)
        } catch (error) {
          logger.log('warn', 'an event listener failed', { error: String(error) })
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}
