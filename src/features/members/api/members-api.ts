import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { apiPaths, listOf, Member, type Role } from '../../../../core/api/index.ts'
import { api, apiRequest } from '../../../lib/api-client.ts'
import { authKeys } from '../../auth/api/auth-api.ts'

export const memberKeys = {
  all: ['members'] as const,
  list: (environmentId: string) => [...memberKeys.all, environmentId] as const,
}

const MemberList = listOf(Member)

export async function fetchMembers(envId: string, signal?: AbortSignal): Promise<Member[]> {
  return (await api.get(apiPaths.members(envId), { schema: MemberList, signal })).items
}

/** Adds a member or changes their role (`PUT`; the environment keeps at least one owner: 400 naming `role`). */
export function setMember(envId: string, accountId: string, role: Role): Promise<Member> {
  return apiRequest(apiPaths.member(envId, accountId), { method: 'PUT', body: { role }, schema: Member })
}

/** Removes a member (the last owner: 400 naming `accountId`). */
export function removeMember(envId: string, accountId: string): Promise<void> {
  return api.delete(apiPaths.member(envId, accountId))
}

export function useMembers(envId: string) {
  return useQuery({ queryKey: memberKeys.list(envId), queryFn: ({ signal }) => fetchMembers(envId, signal) })
}

function useRefreshMembers(envId: string) {
  const queryClient = useQueryClient()
  return () => {
    void queryClient.invalidateQueries({ queryKey: memberKeys.list(envId) })
    // one's own role may have changed
    void queryClient.invalidateQueries({ queryKey: authKeys.me() })
  }
}

export function useSetMember(envId: string) {
  const queryClient = useQueryClient()
  const refresh = useRefreshMembers(envId)
  return useMutation({
    mutationFn: ({ accountId, role }: { accountId: string; role: Role }) => setMember(envId, accountId, role),
    onSuccess: (member) => {
      queryClient.setQueryData<Member[]>(memberKeys.list(envId), (old) => {
        if (!old) return old
        const rest = old.filter((m) => m.accountId !== member.accountId)
        return [...rest, member].sort((a, b) => a.username.localeCompare(b.username))
      })
      refresh()
    },
  })
}

export function useRemoveMember(envId: string) {
  const queryClient = useQueryClient()
  const refresh = useRefreshMembers(envId)
  return useMutation({
    mutationFn: (accountId: string) => removeMember(envId, accountId),
    onSuccess: (_, accountId) => {
      queryClient.setQueryData<Member[]>(memberKeys.list(envId), (old) => old?.filter((m) => m.accountId !== accountId))
      refresh()
    },
  })
}
