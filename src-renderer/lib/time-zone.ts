import { systemTimeZone } from '../../src-main/contract/reference'
import { useCall } from './queries'

/** The zone every date on screen is read and cut in: the one chosen in Settings, else this computer's. */
export function useTimeZone(): string {
  const { data } = useCall('settings.get', {})
  return data?.display.timeZone ?? systemTimeZone()
}

/** Every zone this browser knows, UTC first. */
export function knownTimeZones(): string[] {
  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : []
  return ['UTC', ...zones.filter((z) => z !== 'UTC')]
}
