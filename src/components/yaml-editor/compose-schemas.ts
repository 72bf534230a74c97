import type { SchemasSettings } from 'monaco-yaml'
import { dockerComposeSchema, networkDriverSchema, rancherComposeSchema } from '../../../core/schema/network-driver.schema.ts'

/**
 * The JSON Schemas monaco-yaml reads for hover and completion (never for markers: its validation
 * is off), by model path. Editor models are named after their file (see modelPath in
 * features/stack-editor), so these globs reach every compose file the editor opens; `.tpl`
 * templates included. The URIs only identify the schemas (shown as the hover's source); nothing
 * is fetched (`enableSchemaRequest: false`).
 */
export const COMPOSE_SCHEMAS: SchemasSettings[] = [
  { uri: 'https://paddock.invalid/schemas/docker-compose.json', fileMatch: ['**/docker-compose.yml*', '**/docker-compose.yaml*'], schema: dockerComposeSchema },
  { uri: 'https://paddock.invalid/schemas/rancher-compose.json', fileMatch: ['**/rancher-compose.yml*', '**/rancher-compose.yaml*'], schema: rancherComposeSchema },
  { uri: 'https://paddock.invalid/schemas/network-driver.json', fileMatch: ['**/network-driver.yml', '**/network-driver.yaml'], schema: networkDriverSchema },
]
