import { ApiErrorBody } from '../../../core/api/errors.ts'
import { ValidateNetworkDriver, ValidationResult } from '../../../core/api/validate.ts'
import { validateNetworkDriver } from '../../../core/validate/index.ts'
import type { AppContext } from '../../context.ts'
import type { ZodApp } from '../../http/zod-app.ts'

/** `POST /validate/network-driver`: the same core validator as the editor and `paddock lint`; always 200 with the list. */
export function validateRoutes(app: ZodApp, _ctx: AppContext) {
  app.post(
    '/validate/network-driver',
    {
      schema: {
        tags: ['validate'],
        summary: 'Validate network-driver compose (one yaml text or several files, with answers); diagnostics positioned in the text as written',
        body: ValidateNetworkDriver,
        response: { 200: ValidationResult, 400: ApiErrorBody },
      },
      config: { permission: 'catalog:read' },
    },
    async (req) => validateNetworkDriver(req.body),
  )
}
