import { useQueryClient } from '@tanstack/react-query'
import { createContext, useContext, useEffect, useState, useSyncExternalStore, type ReactNode } from 'react'
import { createLiveUpdates, type LiveState, type LiveUpdates, type LiveUpdatesOptions } from './live-updates.ts'

const LiveUpdatesContext = createContext<LiveUpdates | null>(null)

/** Opens the event stream for the lifetime of the app and shares its connection state. */
export function LiveUpdatesProvider({ children, options }: { children: ReactNode; options?: LiveUpdatesOptions }) {
  const queryClient = useQueryClient()
  const [live] = useState(() =>
    createLiveUpdates(queryClient, {
      onInvalidEvent: (data, error) => console.warn('Ignored a live event that does not match the contract', data, error),
      ...options,
    }),
  )
  useEffect(() => {
    live.start()
    return () => live.stop()
  }, [live])
  return <LiveUpdatesContext.Provider value={live}>{children}</LiveUpdatesContext.Provider>
}

const noop = () => () => {}

export function useLiveState(): LiveState {
  const live = useContext(LiveUpdatesContext)
  return useSyncExternalStore(live?.subscribe ?? noop, () => live?.getState() ?? 'connecting')
}
