import type { Environment } from '../../../core/api/index.ts'
import {
  DeleteEnvironmentForm,
  EnvironmentDetails,
  RenameEnvironmentForm,
} from '../../features/environments/components/environment-settings.tsx'
import { EnvironmentAuditSection } from '../../features/audit/components/environment-audit-section.tsx'
import { RegistrationTokensSection } from '../../features/auth/components/registration-tokens-section.tsx'
import { MembersSection } from '../../features/members/components/members-section.tsx'

export function SettingsPage({ environment }: { environment: Environment }) {
  return (
    <>
      <h1>Environment settings</h1>
      <RenameEnvironmentForm environment={environment} />
      <EnvironmentDetails environment={environment} />
      <MembersSection environment={environment} />
      <RegistrationTokensSection environment={environment} />
      <EnvironmentAuditSection environment={environment} />
      <DeleteEnvironmentForm environment={environment} />
    </>
  )
}
