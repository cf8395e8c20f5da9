/**
 * The one time rule of the web client: every instant is shown in the program's time zone by
 * default, labelled with the zone's abbreviation; a switch in the header shows them in the
 * viewer's own zone instead. The choice is remembered in localStorage and shared by every page.
 */
import { useCallback, useState, useSyncExternalStore } from 'react'
import { useViewer } from '../viewer.tsx'
import { browserTimeZone, isValidZone, zoneAbbreviation } from './time.ts'

export type ZoneMode = 'program' | 'local'

const KEY = 'railyard.timeZoneMode'
const listeners = new Set<() => void>()

function readMode(): ZoneMode {
  try {
    return window.localStorage.getItem(KEY) === 'local' ? 'local' : 'program'
  } catch {
    return 'program'
  }
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

function writeMode(mode: ZoneMode): void {
  try {
    window.localStorage.setItem(KEY, mode)
  } catch {
    // private mode: the switch still works for this page view
  }
  for (const l of listeners) l()
}

export interface DisplayZone {
  /** the IANA zone every time is shown in */
  zone: string
  /** its abbreviation now, e.g. 'PST' */
  abbreviation: string
  programAbbreviation: string
  localAbbreviation: string
  mode: ZoneMode
  programZone: string
  localZone: string
  setMode: (mode: ZoneMode) => void
}

/** The zone to show times in (see the module comment). */
export function useDisplayZone(): DisplayZone {
  const { program } = useViewer()
  const mode = useSyncExternalStore(subscribe, readMode, () => 'program' as const)
  const configured = program?.strategy?.cadence.timeZone
  const programZone = configured && isValidZone(configured) ? configured : 'UTC'
  const localZone = browserTimeZone()
  const zone = mode === 'local' ? localZone : programZone
  const setMode = useCallback((m: ZoneMode) => writeMode(m), [])
  const [now] = useState(() => Date.now())
  return {
    zone,
    abbreviation: zoneAbbreviation(now, zone),
    programAbbreviation: zoneAbbreviation(now, programZone),
    localAbbreviation: zoneAbbreviation(now, localZone),
    mode,
    programZone,
    localZone,
    setMode,
  }
}
