import type { Environment } from '../../../core/api/index.ts'
import {
  DeleteEnvironmentForm,
  EnvironmentDetails,
  RenameEnvironmentForm,
} from '../../features/environments/components/environment-settings.tsx'

export function SettingsPage({ environment }: { environment: Environment }) {
  return (
    <>
      <h1>Environment settings</h1>
      <RenameEnvironmentForm environment={environment} />
      <EnvironmentDetails environment={environment} />
      <DeleteEnvironmentForm environment={environment} />
    </>
  )
}
