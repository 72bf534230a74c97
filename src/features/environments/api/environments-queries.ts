import { queryOptions, useQuery } from '@tanstack/react-query'
import { apiPaths, Environment, EnvironmentTemplate } from '../../../../core/api/index.ts'
import { api, fetchAllPages } from '../../../lib/api-client.ts'
import { environmentKeys, templateKeys } from '../../../lib/query-keys.ts'

export function getEnvironments(signal?: AbortSignal): Promise<Environment[]> {
  return fetchAllPages(apiPaths.environments(), { itemSchema: Environment, signal })
}

export function getEnvironment(envId: string, signal?: AbortSignal): Promise<Environment> {
  return api.get(apiPaths.environment(envId), { schema: Environment, signal })
}

export function getTemplates(signal?: AbortSignal): Promise<EnvironmentTemplate[]> {
  return fetchAllPages(apiPaths.templates(), { itemSchema: EnvironmentTemplate, signal })
}

export const environmentsQueryOptions = () =>
  queryOptions({ queryKey: environmentKeys.list(), queryFn: ({ signal }) => getEnvironments(signal) })

export const environmentQueryOptions = (envId: string) =>
  queryOptions({ queryKey: environmentKeys.detail(envId), queryFn: ({ signal }) => getEnvironment(envId, signal) })

export function getTemplate(id: string, signal?: AbortSignal): Promise<EnvironmentTemplate> {
  return api.get(apiPaths.template(id), { schema: EnvironmentTemplate, signal })
}

export const templatesQueryOptions = () =>
  queryOptions({ queryKey: templateKeys.list(), queryFn: ({ signal }) => getTemplates(signal) })

export const templateQueryOptions = (id: string) =>
  queryOptions({ queryKey: templateKeys.detail(id), queryFn: ({ signal }) => getTemplate(id, signal) })

export const useEnvironments = () => useQuery(environmentsQueryOptions())
export const useEnvironment = (envId: string) => useQuery(environmentQueryOptions(envId))
export const useTemplates = (options: { enabled?: boolean } = {}) => useQuery({ ...templatesQueryOptions(), ...options })
export const useTemplate = (id: string) => useQuery(templateQueryOptions(id))
