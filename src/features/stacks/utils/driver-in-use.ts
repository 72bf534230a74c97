import { DriverInUseDetails } from '../../../../core/api/index.ts'
import { ApiError } from '../../../lib/api-error.ts'

/** The containers a refused removal names, when the error is 409 DRIVER_IN_USE; null for any other error. */
export function driverInUseOf(error: unknown): DriverInUseDetails | null {
  if (!(error instanceof ApiError) || error.code !== 'DRIVER_IN_USE') return null
  const parsed = DriverInUseDetails.safeParse(error.details)
  // A refusal without readable details is still a refusal: show it without the list.
  return parsed.success ? parsed.data : { network: '', containers: [] }
}
