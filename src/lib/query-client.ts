import { QueryClient } from '@tanstack/react-query'
import { ApiError } from './api-error.ts'

/** Retry transient failures (network, 5xx) twice; a 4xx answer will not change by asking again. */
export function shouldRetry(failureCount: number, error: unknown): boolean {
  if (error instanceof ApiError && error.isClientError) return false
  if (error instanceof ApiError && error.code === 'INVALID_RESPONSE') return false
  return failureCount < 2
}

/**
 * Live events keep the cache fresh, so data stays "fresh" for a while and window focus does
 * not refetch; after an SSE reconnect everything is invalidated instead.
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        retry: shouldRetry,
        staleTime: 30_000,
        refetchOnWindowFocus: false,
      },
      mutations: { retry: false },
    },
  })
}
