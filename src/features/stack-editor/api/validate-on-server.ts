import { useMutation } from '@tanstack/react-query'
import { apiPaths, ValidationResult } from '../../../../core/api/index.ts'
import { api } from '../../../lib/api-client.ts'
import type { ValidationInput } from '../utils/validator.ts'

/** `POST /api/v1/validate/network-driver`: the server's list for the same input. */
export function validateOnServer(input: ValidationInput, signal?: AbortSignal): Promise<ValidationResult> {
  return api.post(apiPaths.validateNetworkDriver(), input, { schema: ValidationResult, signal })
}

/** On demand only (a button): nothing is cached, every press asks again. */
export const useValidateOnServer = () => useMutation({ mutationFn: (input: ValidationInput) => validateOnServer(input) })
